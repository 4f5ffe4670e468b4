/**
 * Summary statistics for benchmark samples. The machine is shared and noisy, so every figure is reported
 * as a distribution (median, p95, p99) and compared with a baseline measured in the same run as a ratio.
 * The arithmetic is simple-statistics'; this module checks the samples first and throws a named error
 * saying what it expected, where the library would throw a bare Error or return NaN.
 */
import { linearRegression, linearRegressionLine, maxSorted, mean, minSorted, quantileSorted as typeSevenQuantile, rSquared } from 'simple-statistics';

/** A distribution of samples, all in the samples' own unit (milliseconds unless the caller says otherwise). */
export interface Summary {
  /** Number of samples. */
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Thrown when a statistic is asked of data it cannot be computed from. */
export class StatisticsError extends Error {
  override name = 'StatisticsError';
  constructor(
    message: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${message}: expected ${expected}, found ${found}`);
  }
}

function sortedCopy(samples: readonly number[]): number[] {
  for (const value of samples) {
    if (!Number.isFinite(value)) throw new StatisticsError('non-finite sample', 'finite numbers', String(value));
  }
  return [...samples].sort((a, b) => a - b);
}

/**
 * The q-quantile (0 <= q <= 1) of already sorted samples, interpolating linearly between the two
 * nearest ranks (the "type 7" definition used by NumPy and R), so p50 of [1, 2] is 1.5.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new StatisticsError('quantile of no samples', 'at least one sample', '0');
  if (!(q >= 0 && q <= 1)) throw new StatisticsError('quantile out of range', '0 <= q <= 1', String(q));
  return typeSevenQuantile(sorted as number[], q);
}

/** The q-quantile of unsorted samples; see {@link quantileSorted}. */
export function quantile(samples: readonly number[], q: number): number {
  return quantileSorted(sortedCopy(samples), q);
}

/** The median (p50) of the samples. */
export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

/** Summarises samples as min, p50, p95, p99, max and mean; throws {@link StatisticsError} when empty. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = sortedCopy(samples);
  if (sorted.length === 0) throw new StatisticsError('summary of no samples', 'at least one sample', '0');
  return {
    n: sorted.length,
    min: minSorted(sorted),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: maxSorted(sorted),
    mean: mean(sorted),
  };
}

/** Like {@link summarize} but returns null for no samples (a scenario that delivered nothing). */
export function summarizeOrNull(samples: readonly number[]): Summary | null {
  return samples.length === 0 ? null : summarize(samples);
}

/**
 * measured / baseline, the figure targets such as "fan-out <= 1.2x bare ws" are judged by.
 * Returns null when the baseline is zero or either value is not finite, rather than Infinity or NaN.
 */
export function ratio(measured: number, baseline: number): number | null {
  if (!Number.isFinite(measured) || !Number.isFinite(baseline) || baseline === 0) return null;
  return measured / baseline;
}

/** A least-squares straight line y = slope * x + intercept, with how well it fits. */
export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination, 0..1 (1 = every point on the line). */
  r2: number;
}

/**
 * Fits a straight line through (x, y) points by least squares. Used for "bytes per idle client":
 * the slope of heap against connections is robust to the fixed cost and to one noisy sample.
 */
export function linearFit(points: ReadonlyArray<readonly [number, number]>): LinearFit {
  if (points.length < 2) throw new StatisticsError('line through too few points', 'at least 2 points', String(points.length));
  const data = points.map(([x, y]) => [x, y]);
  const xs = data.map(([x]) => x!);
  if (xs.every((x) => x === xs[0])) throw new StatisticsError('line through points with one x value', 'at least two distinct x', String(xs[0]));
  const { m: slope, b: intercept } = linearRegression(data);
  // Points that all share one y lie exactly on the flat line; simple-statistics would divide 0 by 0.
  const flat = data.every(([, y]) => y === data[0]![1]);
  return { slope, intercept, r2: flat ? 1 : rSquared(data, linearRegressionLine({ m: slope, b: intercept })) };
}

/** Rounds to a fixed number of decimals for reports (JSON keeps 3 by default: microseconds for ms figures). */
export function round(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** A summary with every figure rounded by {@link round}. */
export function roundSummary(summary: Summary, decimals = 3): Summary {
  return {
    n: summary.n,
    min: round(summary.min, decimals),
    p50: round(summary.p50, decimals),
    p95: round(summary.p95, decimals),
    p99: round(summary.p99, decimals),
    max: round(summary.max, decimals),
    mean: round(summary.mean, decimals),
  };
}
