/**
 * Summary statistics of the engine benchmark's durations, computed by simple-statistics. Percentiles
 * interpolate between the nearest ranks (the "type 7" definition of NumPy and R), as the load harness's do.
 */
import { mean, quantileSorted } from 'simple-statistics';

/** Summary statistics of a sample of durations (ms). */
export interface DurationSummary {
  count: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

/** Median, p90, min, max and mean of `values`, in ms rounded to µs; every figure is NaN when there are none. */
export function summarize(values: readonly number[]): DurationSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v: number): number => Math.round(v * 1000) / 1000;
  const figure = (compute: () => number): number => (sorted.length === 0 ? NaN : round(compute()));
  return {
    count: sorted.length,
    medianMs: figure(() => quantileSorted(sorted, 0.5)),
    p90Ms: figure(() => quantileSorted(sorted, 0.9)),
    minMs: figure(() => sorted[0]!),
    maxMs: figure(() => sorted[sorted.length - 1]!),
    meanMs: figure(() => mean(sorted)),
  };
}
