import { DEFAULT_PARAMS } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { TimelapseHistory, type TimelapseEntry } from './TimelapseHistory.js';

function entry(index: number, bytes = 100, prompt = `frame ${index}`): TimelapseEntry {
  return { index, seq: index + 1, at: 1_700_000_000_000 + index, prompt, params: { ...DEFAULT_PARAMS }, model: 'demo', width: 64, height: 64, bytes };
}

describe('TimelapseHistory', () => {
  it('keeps at most maxFrames, dropping the oldest first', () => {
    const history = new TimelapseHistory([], { maxFrames: 3, maxBytes: 1_000_000 });
    const dropped = [0, 1, 2, 3, 4].flatMap((i) => history.add(entry(i)));
    expect(dropped.map((e) => e.index)).toEqual([0, 1]);
    expect(history.entries.map((e) => e.index)).toEqual([2, 3, 4]);
    expect(history.nextIndex).toBe(5);
  });

  it('keeps within the byte budget, dropping as many old frames as a big one needs', () => {
    const history = new TimelapseHistory([], { maxFrames: 100, maxBytes: 1_000 });
    for (let i = 0; i < 5; i++) history.add(entry(i, 200));
    expect(history.totalBytes).toBe(1_000);
    expect(history.add(entry(5, 500)).map((e) => e.index)).toEqual([0, 1, 2]);
    expect(history.entries.map((e) => e.index)).toEqual([3, 4, 5]);
    expect(history.totalBytes).toBe(900);
  });

  it('refuses a thumbnail larger than the whole budget and keeps the others', () => {
    const history = new TimelapseHistory([entry(0, 200)], { maxFrames: 10, maxBytes: 1_000 });
    const huge = entry(1, 1_001);
    expect(history.add(huge)).toEqual([huge]);
    expect(history.entries.map((e) => e.index)).toEqual([0]);
  });

  it('wants a frame only when its input differs from the newest kept one (prompt, params or canvas)', () => {
    const history = new TimelapseHistory([entry(0, 100, 'a kite')], { maxFrames: 10, maxBytes: 10_000 });
    const params = { ...DEFAULT_PARAMS };
    expect(history.wants({ prompt: 'a kite', params })).toBe(false);
    expect(history.wants({ prompt: 'a kite!', params })).toBe(true);
    expect(history.wants({ prompt: 'a kite', params: { ...params, seed: 7 } })).toBe(true);
    expect(history.wants({ prompt: 'a kite', params, canvas: 'abc' })).toBe(true);
    // Only the newest counts: going back to an earlier prompt is a new frame of the jam.
    history.add(entry(1, 100, 'a boat'));
    expect(history.wants({ prompt: 'a kite', params })).toBe(true);
  });

  it('wants nothing when the timelapse is off', () => {
    const history = new TimelapseHistory([], { maxFrames: 0, maxBytes: 10_000 });
    expect(history.wants({ prompt: 'x', params: { ...DEFAULT_PARAMS } })).toBe(false);
  });

  it('trims a stored history kept under larger limits, oldest first', () => {
    const history = new TimelapseHistory([0, 1, 2, 3].map((i) => entry(i)), { maxFrames: 2, maxBytes: 10_000 });
    expect(history.trim().map((e) => e.index)).toEqual([0, 1]);
    expect(history.entries.map((e) => e.index)).toEqual([2, 3]);
  });
});
