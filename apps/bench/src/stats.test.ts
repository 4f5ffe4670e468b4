import { describe, expect, it } from 'vitest';
import { linearFit, median, quantile, ratio, round, StatisticsError, summarize, summarizeOrNull } from './stats.js';

describe('quantile', () => {
  it('interpolates between ranks like NumPy', () => {
    expect(median([1, 2])).toBe(1.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBeCloseTo(9.55, 10);
    expect(quantile([10, 20, 30, 40], 0.99)).toBeCloseTo(39.7, 10);
  });

  it('rejects empty input, bad q and non-finite samples with what it expected', () => {
    expect(() => median([])).toThrow(StatisticsError);
    expect(() => quantile([1], 1.5)).toThrow(/0 <= q <= 1/);
    expect(() => median([1, Number.NaN])).toThrow(/finite/);
  });
});

describe('summarize', () => {
  it('reports the distribution of 1..100', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    const s = summarize(samples);
    expect(s).toMatchObject({ n: 100, min: 1, max: 100, mean: 50.5 });
    expect(s.p50).toBeCloseTo(50.5, 10);
    expect(s.p95).toBeCloseTo(95.05, 10);
    expect(s.p99).toBeCloseTo(99.01, 10);
  });

  it('does not reorder the caller array', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('returns null for no samples when asked to', () => {
    expect(summarizeOrNull([])).toBeNull();
    expect(summarizeOrNull([4])?.p99).toBe(4);
  });
});

describe('ratio', () => {
  it('divides and refuses a zero or non-finite baseline', () => {
    expect(ratio(12, 10)).toBeCloseTo(1.2, 10);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(Number.NaN, 1)).toBeNull();
  });
});

describe('linearFit', () => {
  it('recovers slope and intercept of an exact line', () => {
    const fit = linearFit([
      [0, 1000],
      [100, 6000],
      [200, 11000],
    ]);
    expect(fit.slope).toBeCloseTo(50, 10);
    expect(fit.intercept).toBeCloseTo(1000, 10);
    expect(fit.r2).toBeCloseTo(1, 10);
  });

  it('reports a poorer fit for scattered points and refuses a single x', () => {
    expect(linearFit([[0, 0], [1, 10], [2, 0], [3, 10]]).r2).toBeLessThan(0.5);
    expect(() => linearFit([[1, 1], [1, 2]])).toThrow(StatisticsError);
  });
});

describe('round', () => {
  it('keeps the requested decimals', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(1.5, 0)).toBe(2);
  });
});
