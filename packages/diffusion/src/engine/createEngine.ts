import type { PipelineOptions } from '../pipeline/DiffusionPipeline.js';
import { InThreadEngine } from './InThreadEngine.js';
import type { ImageEngine } from './types.js';
import { WorkerEngine } from './WorkerEngine.js';

/** Options of {@link createEngine}: the pipeline's, plus where it runs. */
export interface EngineOptions extends PipelineOptions {
  /** `worker` (default) keeps the caller's event loop free; `inline` runs on the calling thread (CLI, bench). */
  thread?: 'worker' | 'inline';
  /**
   * Linux nice value (0-19) of the worker engine's threads (engine and frame encoder), so the caller's event loop
   * runs first when cores are busy (see `threadPriority.ts`). Default 0: normal priority. Not used
   * `inline`.
   */
  threadNice?: number;
}

/**
 * Loads a model folder and returns a ready {@link ImageEngine} (sessions created, tensors checked,
 * warmed up). Rejects with a named error (`ModelFolderError`, `ModelTensorError`,
 * `ExecutionProviderError`, ...) when the folder or the device cannot work.
 */
export async function createEngine(options: EngineOptions): Promise<ImageEngine> {
  const { thread = 'worker', threadNice = 0, ...pipelineOptions } = options;
  return thread === 'inline' ? InThreadEngine.create(pipelineOptions) : WorkerEngine.create(pipelineOptions, threadNice);
}
