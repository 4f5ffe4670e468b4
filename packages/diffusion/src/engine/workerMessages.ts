import type { SerializedError } from '../errors.js';
import type { PipelineOptions } from '../pipeline/DiffusionPipeline.js';
import type { EngineInfo, GenerateRequest, GenerateResult, ModelWorkSpan } from './types.js';

/** Options posted to the worker (no functions: the log sink is replaced by `log` messages). */
export type WorkerInit = Omit<PipelineOptions, 'log'>;

/** Main thread -> worker. */
export type ToWorker = { type: 'generateBatch'; id: number; requests: GenerateRequest[] } | { type: 'dispose' };

/** Worker -> main thread. */
export type FromWorker =
  | { type: 'ready'; info: EngineInfo }
  | { type: 'loadFailed'; error: SerializedError }
  /** The batch's model work is over; its frames follow as they finish encoding. */
  | { type: 'modelDone'; id: number; work: ModelWorkSpan }
  | { type: 'result'; id: number; index: number; result: GenerateResult }
  | { type: 'failed'; id: number; index: number; error: SerializedError }
  | { type: 'log'; message: string }
  | { type: 'disposed' };
