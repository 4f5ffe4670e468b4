import type { MessagePort } from 'node:worker_threads';
import type { SerializedError } from '../errors.js';
import type { DecodedImage } from '../pipeline/encodeDecodedImage.js';
import type { PipelineOptions } from '../pipeline/DiffusionPipeline.js';
import type { EngineInfo, GenerateRequest, GenerateResult, ModelWorkSpan } from './types.js';

/**
 * Options posted to the engine worker (no functions: the log sink is replaced by `log` messages), and the port
 * its decoded frames go to the frame-encoder worker on.
 */
export type WorkerInit = Omit<PipelineOptions, 'log'> & {
  frames: MessagePort;
  /** Linux nice value the thread gives itself before loading (0: normal priority). */
  threadNice: number;
};

/** The frame-encoder worker's `workerData`: the other end of the engine's frame port, and its thread's nice value. */
export interface EncoderInit {
  frames: MessagePort;
  threadNice: number;
}

/** Engine worker -> frame-encoder worker. */
export type ToEncoder = { type: 'encode'; id: number; index: number; frame: DecodedImage } | { type: 'close' };

/** Main thread -> worker. */
export type ToWorker = { type: 'generateBatch'; id: number; requests: GenerateRequest[] } | { type: 'dispose' };

/** Engine worker or frame-encoder worker (`result`, `failed`) -> main thread. */
export type FromWorker =
  | { type: 'ready'; info: EngineInfo }
  | { type: 'loadFailed'; error: SerializedError }
  /** The batch's model work is over; its frames follow as they finish encoding. */
  | { type: 'modelDone'; id: number; work: ModelWorkSpan }
  | { type: 'result'; id: number; index: number; result: GenerateResult }
  | { type: 'failed'; id: number; index: number; error: SerializedError }
  | { type: 'log'; message: string }
  | { type: 'disposed' };
