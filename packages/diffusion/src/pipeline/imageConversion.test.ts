import { describe, expect, it } from 'vitest';
import { latentImageToRgb, rgbToPlanarImage } from './imageConversion.js';

describe('image conversion', () => {
  it('maps [-1, 1] planar floats to clamped, rounded interleaved bytes', () => {
    // 2x1 image: R plane, G plane, B plane.
    const planar = new Float32Array([-1, 1, 0, 2, -3, NaN]);
    expect(Array.from(latentImageToRgb(planar, 2, 1))).toEqual([0, 128, 0, 255, 255, 0]);
  });

  it('round-trips bytes through the VAE encoder layout', () => {
    const rgb = new Uint8Array([0, 64, 128, 255, 1, 2]);
    expect(Array.from(latentImageToRgb(rgbToPlanarImage(rgb, 2, 1), 2, 1))).toEqual(Array.from(rgb));
  });
});
