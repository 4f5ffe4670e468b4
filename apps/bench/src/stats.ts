/**
 * Summary statistics for benchmark samples. The machine is shared and noisy, so every figure is reported
 * as a distribution (median, p95, p99) and compared with a baseline measured in the same run as a ratio.
 */

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
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  const high = sorted[upper]!;
  return low + (high - low) * (position - lower);
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
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    n: sorted.length,
    min: sorted[0]!,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[sorted.length - 1]!,
    mean: total / sorted.length,
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
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  if (sxx === 0) throw new StatisticsError('line through points with one x value', 'at least two distinct x', String(meanX));
  const slope = sxy / sxx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: meanY - slope * meanX, r2 };
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
