import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16, fromFloat16Bits, toFloat16Bits } from './float16.js';

describe('float16 conversion', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds up to infinity
    [1e6, 0x7c00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // tie -> even (zero)
    [3 * 2 ** -25, 0x0002], // tie -> even (2)
    [2 ** -14, 0x0400], // smallest normal
    [14.6146, 0x4b4f],
    [1 + 2 ** -11, 0x3c00], // tie -> even
    [1 + 3 * 2 ** -11, 0x3c02], // tie -> even (up)
  ])('%f -> 0x%s', (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it('maps NaN to a NaN', () => {
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });

  it('round-trips every finite half exactly', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const exponent = (bits >>> 10) & 0x1f;
      if (exponent === 0x1f) continue;
      const value = fromFloat16Bits(bits);
      expect(toFloat16Bits(value)).toBe(Object.is(value, -0) ? 0x8000 : bits);
    }
  });

  it('converts arrays both ways', () => {
    const values = new Float32Array([0.1, -3.25, 1024, 1e-5]);
    const back = float16ToFloat32(float32ToFloat16(values));
    values.forEach((v, i) => expect(back[i]).toBeCloseTo(v, Math.abs(v) > 100 ? 0 : 3));
  });
});
