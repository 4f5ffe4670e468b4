import { deserializeError, EngineClosedError } from '../errors.js';
import type { BatchGeneration, GenerateResult, ModelWorkSpan } from './types.js';
import type { FromWorker } from './workerMessages.js';

interface PendingFrame {
  resolve: (result: GenerateResult) => void;
  reject: (error: Error) => void;
}

/** One batch: its model-done signal (and whether it came) and the frames not yet answered, by index. */
interface PendingBatch {
  modelDone: (work?: ModelWorkSpan) => void;
  modelDoneSeen: boolean;
  frames: Map<number, PendingFrame>;
}

/**
 * The worker engine's batches in flight, answered by the threads' messages. `modelDone` comes from the engine
 * thread and frames from the encoder thread, and messages of two threads arrive in either order: a batch is
 * forgotten only once both its `modelDone` and all its frames have come.
 */
export class PendingBatches {
  private readonly batches = new Map<number, PendingBatch>();

  /** Registers batch `id` of `count` frames; its promises settle as messages come (or on {@link failAll}). */
  add(id: number, count: number): BatchGeneration {
    let modelDone!: (work?: ModelWorkSpan) => void;
    const done = new Promise<ModelWorkSpan | undefined>((resolve) => (modelDone = resolve));
    const batch: PendingBatch = { modelDone, modelDoneSeen: false, frames: new Map() };
    const frames = Array.from({ length: count }, (_, index) => new Promise<GenerateResult>((resolve, reject) => batch.frames.set(index, { resolve, reject })));
    this.batches.set(id, batch);
    return { modelDone: done, frames };
  }

  /** Settles what a `modelDone`, `result` or `failed` message answers; other messages and unknown ids are ignored. */
  receive(message: FromWorker): void {
    if (message.type !== 'modelDone' && message.type !== 'result' && message.type !== 'failed') return;
    const batch = this.batches.get(message.id);
    if (!batch) return;
    if (message.type === 'modelDone') {
      batch.modelDoneSeen = true;
      batch.modelDone(message.work);
    } else {
      const frame = batch.frames.get(message.index);
      batch.frames.delete(message.index);
      if (message.type === 'result') frame?.resolve(message.result);
      else frame?.reject(deserializeError(message.error));
    }
    if (batch.modelDoneSeen && batch.frames.size === 0) this.batches.delete(message.id);
  }

  /** Batches still waiting for a message. */
  get size(): number {
    return this.batches.size;
  }

  /** Ends every batch: model work done (without a span), frames rejected with {@link EngineClosedError}. */
  failAll(reason: string): void {
    for (const batch of this.batches.values()) {
      batch.modelDone();
      for (const { reject } of batch.frames.values()) reject(new EngineClosedError(reason));
    }
    this.batches.clear();
  }
}
