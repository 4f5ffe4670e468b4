import { EngineClosedError } from '../errors.js';
import { DiffusionPipeline, type PipelineOptions } from '../pipeline/DiffusionPipeline.js';
import { settleBatch } from './batchGeneration.js';
import { epochNowMs, type BatchGeneration, type EngineInfo, type GenerateRequest, type GenerateResult, type ImageEngine, type ModelWorkSpan } from './types.js';

/**
 * An {@link ImageEngine} on the calling thread: for the CLI and benchmarks, where blocking during
 * `session.run` is harmless. Batches are serialised like the worker engine's: the next batch's model work
 * starts when this one's ends, while this one's frames are still encoding.
 */
export class InThreadEngine implements ImageEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly encoding = new Set<Promise<unknown>>();
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
    return this.generateBatch([request]).frames[0]!;
  }

  generateBatch(requests: readonly GenerateRequest[]): BatchGeneration {
    if (this.closed) return settleBatch(Promise.reject(new EngineClosedError('engine disposed')), requests.length);
    let work: ModelWorkSpan | undefined;
    const rendered = this.queue.then(async () => {
      const startedAtMs = epochNowMs();
      try {
        return await this.pipeline.renderBatch(requests);
      } finally {
        work = { startedAtMs, endedAtMs: epochNowMs() };
      }
    });
    this.queue = rendered.catch(() => undefined);
    const frames = requests.map((_, i) => {
      const frame = rendered.then((all) => {
        const one = all[i]!;
        return one instanceof Error ? Promise.reject(one) : this.pipeline.encodeFrame(one);
      });
      const tracked = frame.catch(() => undefined).finally(() => this.encoding.delete(tracked));
      this.encoding.add(tracked);
      return frame;
    });
    return { modelDone: rendered.then(() => work, () => work), frames };
  }

  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await Promise.all(this.encoding);
    await this.pipeline.dispose();
  }
}
