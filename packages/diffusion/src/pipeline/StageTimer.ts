import type { StageTimings } from '../engine/types.js';

/** Collects per-stage wall times (ms, via performance.now) for one frame, plus total session.run time. */
export class StageTimer {
  readonly timings: StageTimings = {};
  private readonly start = performance.now();
  /** Sum of time spent inside `session.run`, so benchmarks can report the engine's own overhead. */
  onnxRunMs = 0;

  /** Times `fn` under `stage` (accumulating if the stage repeats). */
  async time<T>(stage: string, fn: () => Promise<T> | T): Promise<T> {
    const begin = performance.now();
    try {
      return await fn();
    } finally {
      this.timings[stage] = (this.timings[stage] ?? 0) + performance.now() - begin;
    }
  }

  /** Adds the stages (and `session.run` time) of work this frame shared with others, such as a batched UNet loop. */
  absorb(shared: StageTimer): void {
    for (const [stage, ms] of Object.entries(shared.timings)) this.timings[stage] = (this.timings[stage] ?? 0) + ms;
    this.onnxRunMs += shared.onnxRunMs;
  }

  /** Marks a stage as a flag (e.g. `textCacheHit: 1`). */
  flag(stage: string): void {
    this.timings[stage] = 1;
  }

  /** When the timer was created, as epoch ms comparable across threads (`performance.timeOrigin` + start). */
  get startedAtEpochMs(): number {
    return performance.timeOrigin + this.start;
  }

  /** Milliseconds since the timer was created. */
  elapsedMs(): number {
    return performance.now() - this.start;
  }
}
