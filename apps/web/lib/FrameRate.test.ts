import { describe, expect, it } from 'vitest';
import { frameLatencyMs, FrameRate } from './FrameRate';

describe('FrameRate', () => {
  it('is zero with no frames, and with one frame (no interval yet)', () => {
    const rate = new FrameRate(1000);
    expect(rate.fps(5000)).toBe(0);
    rate.record(5000);
    expect(rate.fps(5100)).toBe(0);
  });

  it('measures a steady 10 fps stream', () => {
    const rate = new FrameRate(1000);
    for (let t = 0; t <= 2000; t += 100) rate.record(t);
    expect(rate.fps(2000)).toBeCloseTo(10, 0);
  });

  it('decays to zero a window after the last frame', () => {
    const rate = new FrameRate(1000);
    for (let t = 0; t <= 500; t += 50) rate.record(t);
    expect(rate.fps(600)).toBeGreaterThan(10);
    expect(rate.fps(1600)).toBe(0);
  });

  it('forgets everything on reset', () => {
    const rate = new FrameRate(1000);
    rate.record(0);
    rate.record(10);
    rate.reset();
    expect(rate.fps(20)).toBe(0);
  });
});

describe('frameLatencyMs', () => {
  it('is arrival minus start', () => {
    expect(frameLatencyMs(1250, 1000)).toBe(250);
  });

  it('is null when the server clock is ahead of ours', () => {
    expect(frameLatencyMs(1000, 1250)).toBeNull();
  });
});
