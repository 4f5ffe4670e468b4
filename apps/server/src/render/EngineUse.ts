import type { ModelWorkSpan } from '@promptjam/diffusion';
import type { RenderCounts } from './renderSchedulerOptions.js';

/**
 * Engine time, from the model-work spans the engine reports: busy (a batch's model work ran) and idle while work
 * waited (no model work ran although a batch was ready: the scheduler's hand-off, the batch window, or host work
 * such as image encoding holding the engine's thread). Idle time with no room ready is not counted: that engine
 * simply had nothing to do. All times are epoch ms ({@link ModelWorkSpan}).
 */
export class EngineUse {
  private lastEndMs: number | undefined;

  constructor(private readonly counts: RenderCounts) {}

  /** One batch's model work ran over `work`; its first room was ready to render at `readyAtMs`. */
  record(work: ModelWorkSpan, readyAtMs: number): void {
    this.counts.engineBusyMs += Math.max(0, work.endedAtMs - work.startedAtMs);
    if (this.lastEndMs !== undefined) this.counts.engineIdleWaitingMs += Math.max(0, work.startedAtMs - Math.max(this.lastEndMs, readyAtMs));
    this.lastEndMs = Math.max(this.lastEndMs ?? Number.NEGATIVE_INFINITY, work.endedAtMs);
  }
}
