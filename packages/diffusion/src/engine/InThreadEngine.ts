import { EngineClosedError } from '../errors.js';
import { DiffusionPipeline, type PipelineOptions } from '../pipeline/DiffusionPipeline.js';
import type { EngineInfo, GenerateRequest, GenerateResult, ImageEngine } from './types.js';

/**
 * An {@link ImageEngine} on the calling thread: for the CLI and benchmarks, where blocking during
 * `session.run` is harmless. Requests are serialised like the worker engine's.
 */
export class InThreadEngine implements ImageEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(readonly pipeline: DiffusionPipeline) {}

  /** Loads the pipeline (sessions, checks, warm-up) on this thread. */
  static async create(options: PipelineOptions): Promise<InThreadEngine> {
    return new InThreadEngine(await DiffusionPipeline.load(options));
  }

  get info(): EngineInfo {
    return this.pipeline.info;
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.closed) return Promise.reject(new EngineClosedError('engine disposed'));
    const run = this.queue.then(() => this.pipeline.generate(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.pipeline.dispose();
  }
}
