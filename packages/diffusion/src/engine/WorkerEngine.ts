import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deserializeError, EngineClosedError } from '../errors.js';
import type { PipelineOptions } from '../pipeline/DiffusionPipeline.js';
import { settleBatch } from './batchGeneration.js';
import type { BatchGeneration, EngineInfo, GenerateRequest, GenerateResult, ImageEngine, ModelWorkSpan } from './types.js';
import type { FromWorker, ToWorker, WorkerInit } from './workerMessages.js';

/**
 * The compiled worker script. From dist this is the sibling `engineWorker.js`; when this module runs
 * from source (vitest), the built copy in dist is used, so build the package before testing the worker.
 */
export function workerScriptPath(): string {
  const sibling = fileURLToPath(new URL('./engineWorker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = fileURLToPath(new URL('../../dist/engine/engineWorker.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new EngineClosedError('engine worker script not found', `${sibling} (run the package build)`, 'no such file');
}

interface PendingFrame {
  resolve: (result: GenerateResult) => void;
  reject: (error: Error) => void;
}

/** A batch posted to the worker: its model-done signal and the frames not yet answered (by index). */
interface PendingBatch {
  modelDone: (work?: ModelWorkSpan) => void;
  frames: Map<number, PendingFrame>;
}

/**
 * An {@link ImageEngine} whose pipeline runs in a worker thread, so `session.run` never blocks the
 * caller's event loop (sockets keep flowing while a frame renders). Batches queue in the worker and their
 * model work runs one batch at a time; each batch's image encoding overlaps the next batch's model work (see
 * `engineWorker.ts`). Image bytes are transferred, errors come back as the same named classes.
 * If the worker dies, pending and later requests fail with {@link EngineClosedError}.
 */
export class WorkerEngine implements ImageEngine {
  private nextId = 1;
  private readonly pending = new Map<number, PendingBatch>();
  private closed = false;
  private exited = false;
  private exitReason = 'engine disposed';

  private constructor(
    private readonly worker: Worker,
    readonly info: EngineInfo,
  ) {
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.fail(`engine worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      this.exited = true;
      this.fail(`engine worker exited with code ${code}`);
    });
  }

  /** Starts the worker and resolves once the model is loaded and warmed up. */
  static create(options: PipelineOptions): Promise<WorkerEngine> {
    const { log = (m: string) => process.stderr.write(`[diffusion] ${m}\n`), ...init } = options;
    const worker = new Worker(workerScriptPath(), { workerData: init satisfies WorkerInit });
    return new Promise((resolve, reject) => {
      const onLoad = (message: FromWorker): void => {
        if (message.type === 'log') {
          log(message.message);
          return;
        }
        worker.off('message', onLoad);
        worker.off('exit', onEarlyExit);
        if (message.type === 'ready') {
          const engine = new WorkerEngine(worker, message.info);
          worker.on('message', (m: FromWorker) => {
            if (m.type === 'log') log(m.message);
          });
          resolve(engine);
        } else if (message.type === 'loadFailed') {
          void worker.terminate();
          reject(deserializeError(message.error));
        }
      };
      const onEarlyExit = (code: number): void => reject(new EngineClosedError('engine worker exited while loading', 'a loaded model', `exit code ${code}`));
      worker.on('message', onLoad);
      worker.on('exit', onEarlyExit);
    });
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.generateBatch([request]).frames[0]!;
  }

  generateBatch(requests: readonly GenerateRequest[]): BatchGeneration {
    if (this.closed) return settleBatch(Promise.reject(new EngineClosedError(this.exitReason)), requests.length);
    const id = this.nextId++;
    let modelDone!: (work?: ModelWorkSpan) => void;
    const batch: PendingBatch = { modelDone: (work) => modelDone(work), frames: new Map() };
    const frames = requests.map((_, index) => new Promise<GenerateResult>((resolve, reject) => batch.frames.set(index, { resolve, reject })));
    const done = new Promise<ModelWorkSpan | undefined>((resolve) => (modelDone = resolve));
    this.pending.set(id, batch);
    this.worker.postMessage({ type: 'generateBatch', id, requests: [...requests] } satisfies ToWorker);
    return { modelDone: done, frames };
  }

  /** Lets queued requests finish, releases the sessions and stops the worker. */
  async dispose(): Promise<void> {
    if (this.closed || this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'dispose' } satisfies ToWorker);
    this.closed = true;
    await exited;
  }

  private onMessage(message: FromWorker): void {
    if (message.type !== 'modelDone' && message.type !== 'result' && message.type !== 'failed') return;
    const batch = this.pending.get(message.id);
    if (!batch) return;
    if (message.type === 'modelDone') {
      batch.modelDone(message.work);
      return;
    }
    const frame = batch.frames.get(message.index);
    batch.frames.delete(message.index);
    if (batch.frames.size === 0) this.pending.delete(message.id);
    if (message.type === 'result') frame?.resolve(message.result);
    else frame?.reject(deserializeError(message.error));
  }

  private fail(reason: string): void {
    // After dispose() the exit is expected; otherwise later requests should say why the worker went away.
    if (!this.closed) this.exitReason = reason;
    this.closed = true;
    for (const batch of this.pending.values()) {
      batch.modelDone();
      for (const { reject } of batch.frames.values()) reject(new EngineClosedError(reason));
    }
    this.pending.clear();
  }
}
