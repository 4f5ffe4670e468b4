import { DEFAULT_PARAMS } from '@promptjam/protocol';
import type { GenerateResult } from '@promptjam/diffusion';
import type { RenderClient, RenderInput, RenderJob, RenderProgress } from '../render/renderTypes.js';

/** A room as the scheduler sees it, recording everything it is told (for scheduler unit tests). */
export class FakeRenderRoom implements RenderClient {
  prompt = '';
  seed = DEFAULT_PARAMS.seed;
  steps = DEFAULT_PARAMS.steps;
  width = DEFAULT_PARAMS.width;
  readonly progress: RenderProgress[] = [];
  readonly frames: Array<{ job: RenderJob; result: GenerateResult }> = [];
  readonly errors: Error[] = [];
  constructor(readonly id: string) {}
  renderInput(): RenderInput {
    return { prompt: this.prompt, params: { ...DEFAULT_PARAMS, seed: this.seed, steps: this.steps, width: this.width } };
  }
  onProgress(progress: RenderProgress): void {
    this.progress.push(progress);
  }
  onFrame(job: RenderJob, result: GenerateResult): void {
    this.frames.push({ job, result });
  }
  onRenderError(_job: RenderJob, error: Error): void {
    this.errors.push(error);
  }
  get framePrompts(): string[] {
    return this.frames.map((f) => f.job.input.prompt);
  }
  /** `prompt/quality` of every frame, in arrival order. */
  get frameLog(): string[] {
    return this.frames.map((f) => `${f.job.input.prompt}/${f.job.quality}`);
  }
}
