/**
 * Measures how late the event loop runs, with perf_hooks' monitorEventLoopDelay (a libuv timer sampled
 * every `resolutionMs`, recorded in an HDR histogram). The server runs one inside its own process, the
 * harness one inside the client process, so a report can tell a slow server from an overloaded load generator.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Event-loop delay figures in milliseconds over one sampling window. */
export interface EventLoopLag {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Length of the window in ms. */
  windowMs: number;
}

const NS_PER_MS = 1e6;

/** Samples event-loop delay between {@link start} and {@link read}; reset to start a new window. */
export class EventLoopLagSampler {
  private histogram: IntervalHistogram | null = null;
  private windowStart = 0;

  /** @param resolutionMs timer period; 10 ms (Node's default) resolves lag well below the 20 ms target. */
  constructor(private readonly resolutionMs = 10) {}

  /** Starts (or restarts) a window. */
  start(): void {
    this.histogram?.disable();
    this.histogram = monitorEventLoopDelay({ resolution: this.resolutionMs });
    this.histogram.enable();
    this.windowStart = performance.now();
  }

  /** Clears the samples collected so far, keeping the sampler running. */
  reset(): void {
    if (!this.histogram) throw new Error('EventLoopLagSampler.reset() before start()');
    this.histogram.reset();
    this.windowStart = performance.now();
  }

  /**
   * The window's figures. The histogram records the whole interval between timer callbacks (an idle loop reads
   * about `resolutionMs`), so the period is subtracted: lag is how much later than due the timer ran, and an idle
   * loop reads ~0. With no samples yet (a window shorter than one period) every figure is 0.
   */
  read(): EventLoopLag {
    if (!this.histogram) throw new Error('EventLoopLagSampler.read() before start()');
    const h = this.histogram;
    const hasSamples = h.count > 0;
    const ms = (ns: number) => (hasSamples && Number.isFinite(ns) ? Math.max(0, ns / NS_PER_MS - this.resolutionMs) : 0);
    return {
      p50Ms: ms(h.percentile(50)),
      p95Ms: ms(h.percentile(95)),
      p99Ms: ms(h.percentile(99)),
      maxMs: ms(h.max),
      meanMs: ms(h.mean),
      windowMs: performance.now() - this.windowStart,
    };
  }

  /** Stops sampling. */
  stop(): void {
    this.histogram?.disable();
    this.histogram = null;
  }
}
