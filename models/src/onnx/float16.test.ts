import { describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Array, toFloat16Bits } from './float16.js';

describe('float16 conversion', () => {
  it('encodes known values exactly', () => {
    expect(toFloat16Bits(0)).toBe(0x0000);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(1e6)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(999)).toBe(0x63ce);
    expect(toFloat16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
  });

  it('rounds to nearest, ties to even', () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
  });

  it('round-trips every finite half value', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue;
      expect(toFloat16Bits(fromFloat16Bits(bits))).toBe(bits);
    }
  });

  it('keeps relative error under 2^-11 in the normal range', () => {
    const values = [0.1, 3.14159, -14.6146, 123.456, 0.0292];
    const halves = Array.from(toFloat16Array(values), fromFloat16Bits);
    values.forEach((value, i) => expect(Math.abs((halves[i] ?? 0) - value) / Math.abs(value)).toBeLessThan(2 ** -11));
  });
});
