/**
 * One clock for every timestamp the harness compares across processes. `Date.now()` has 1 ms steps;
 * `performance.timeOrigin + performance.now()` is the same wall-clock epoch with sub-millisecond resolution,
 * and processes on one machine share it, so a client's receive time can be set against a server's send time.
 */
import { performance } from 'node:perf_hooks';

/** Milliseconds since the Unix epoch, with sub-millisecond resolution. */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when `predicate()` is true (polled every `pollMs`), rejects with `label` after `timeoutMs`. */
export async function waitUntil(predicate: () => boolean, timeoutMs: number, label: string, pollMs = 10): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await sleep(pollMs);
  }
}
