import { describe, expect, it } from 'vitest';
import type { FrameArrival } from './FrameLog.js';
import { checkFramesRenderedOnce, sumFrameUniqueness } from './frameUniqueness.js';

const frame = (seq: number, startedAtEpochMs: number, arrivalEpochMs: number, prompt = `p${seq}`): FrameArrival => ({
  seq,
  prompt,
  startedAtEpochMs,
  genMs: 20,
  modelWorkMs: 15,
  quality: 'refined',
  messageBytes: 1_000,
  arrivalEpochMs,
});

describe('checkFramesRenderedOnce', () => {
  it('passes the same renders arriving once at every client, at different times', () => {
    const a = [frame(1, 100, 130), frame(2, 200, 230)];
    const b = [frame(1, 100, 135), frame(2, 200, 241)];
    expect(checkFramesRenderedOnce([a, b])).toEqual({ frames: 2, renderedTwice: [] });
  });

  it('flags a seq one client received twice', () => {
    expect(checkFramesRenderedOnce([[frame(1, 100, 130), frame(1, 100, 150)], [frame(1, 100, 131)]]).renderedTwice).toEqual([1]);
  });

  it('flags two different renders under one seq at different clients (two members rendered it)', () => {
    const checked = checkFramesRenderedOnce([[frame(3, 100, 130)], [frame(3, 104, 140)], [frame(4, 200, 230, 'other')], [frame(4, 200, 231, 'another')]]);
    expect(checked).toEqual({ frames: 2, renderedTwice: [3, 4] });
  });

  it('sums rooms', () => {
    expect(sumFrameUniqueness([{ frames: 2, renderedTwice: [] }, { frames: 3, renderedTwice: [1] }])).toEqual({ frames: 5, renderedTwice: [1] });
  });
});
