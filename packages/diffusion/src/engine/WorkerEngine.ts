import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { deserializeError, EngineClosedError } from '../errors.js';
import { PendingBatches } from './PendingBatches.js';
import type { PipelineOptions } from '../pipeline/DiffusionPipeline.js';
import { settleBatch } from './batchGeneration.js';
import type { BatchGeneration, EngineInfo, GenerateRequest, GenerateResult, ImageEngine } from './types.js';
import type { EncoderInit, FromWorker, ToWorker, WorkerInit } from './workerMessages.js';

/**
 * A compiled worker script: the engine's (`engineWorker`) or the frame encoder's (`frameEncoderWorker`). From dist
 * this is the sibling `.js`; when this module runs from source (vitest), the built copy in dist is used, so build
 * the package before testing the worker.
 */
export function workerScriptPath(name: 'engineWorker' | 'frameEncoderWorker' = 'engineWorker'): string {
  const sibling = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = fileURLToPath(new URL(`../../dist/engine/${name}.js`, import.meta.url));
  if (existsSync(built)) return built;
  throw new EngineClosedError('engine worker script not found', `${sibling} (run the package build)`, 'no such file');
}

/**
 * An {@link ImageEngine} whose pipeline runs in a worker thread, so `session.run` never blocks the
 * caller's event loop (sockets keep flowing while a frame renders). Batches queue in the worker and their
 * model work runs one batch at a time; each batch's frames are finished (RGB conversion, image encoding) on a
 * second thread, the frame encoder, while the engine thread goes on with the next batch's model work (see
 * `engineWorker.ts`, `frameEncoderWorker.ts`). Image bytes are transferred, errors come back as the same named
 * classes. If either thread dies, pending and later requests fail with {@link EngineClosedError}.
 */
export class WorkerEngine implements ImageEngine {
  private nextId = 1;
  private readonly pending = new PendingBatches();
  private closed = false;
  private exited = false;
  private exitReason = 'engine disposed';

  private constructor(
    private readonly worker: Worker,
    private readonly encoder: Worker,
    readonly info: EngineInfo,
  ) {
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.fail(`engine worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      this.exited = true;
      // After a dispose the encoder still finishes the last frames (it ends by itself); a crash ends it too.
      if (this.closed) return;
      void encoder.terminate();
      this.fail(`engine worker exited with code ${code}`);
    });
    encoder.on('message', (message: FromWorker) => this.onMessage(message));
    encoder.on('error', (error) => this.fail(`frame encoder worker crashed: ${error.message}`));
    // The encoder ends on its own only once the engine thread is gone (its frame port closed): the engine's exit
    // says why. Ending any other way, it takes the engine down with it, and that exit fails what is pending.
    encoder.on('exit', () => {
      if (!this.exited) void worker.terminate();
      if (this.closed) this.fail('engine disposed');
    });
  }

  /**
   * Starts the worker and resolves once the model is loaded and warmed up. `threadNice` (Linux, 0-19) lowers the
   * priority of the engine and frame-encoder threads (see lowerThisThreadPriority); 0 leaves them alone.
   */
  static create(options: PipelineOptions, threadNice = 0): Promise<WorkerEngine> {
    const { log = (m: string) => process.stderr.write(`[diffusion] ${m}\n`), ...init } = options;
    // The engine thread hands decoded frames to the encoder thread on a port of their own.
    const { port1, port2 } = new MessageChannel();
    const encoder = new Worker(workerScriptPath('frameEncoderWorker'), { workerData: { frames: port2, threadNice } satisfies EncoderInit, transferList: [port2] });
    const worker = new Worker(workerScriptPath(), { workerData: { ...init, frames: port1, threadNice } satisfies WorkerInit, transferList: [port1] });
    return new Promise((resolve, reject) => {
      const onLoad = (message: FromWorker): void => {
        if (message.type === 'log') {
          log(message.message);
          return;
        }
        worker.off('message', onLoad);
        worker.off('exit', onEarlyExit);
        if (message.type === 'ready') {
          const engine = new WorkerEngine(worker, encoder, message.info);
          worker.on('message', (m: FromWorker) => {
            if (m.type === 'log') log(m.message);
          });
          resolve(engine);
        } else if (message.type === 'loadFailed') {
          void worker.terminate();
          void encoder.terminate();
          reject(deserializeError(message.error));
        }
      };
      const onEarlyExit = (code: number): void => {
        void encoder.terminate();
        reject(new EngineClosedError('engine worker exited while loading', 'a loaded model', `exit code ${code}`));
      };
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
    const batch = this.pending.add(id, requests.length);
    this.worker.postMessage({ type: 'generateBatch', id, requests: [...requests] } satisfies ToWorker);
    return batch;
  }

  /** Lets queued requests finish, releases the sessions and stops the worker. */
  async dispose(): Promise<void> {
    if (this.closed || this.exited) return;
    // A thread that already ended (threadId -1) is not waited for.
    const running = [this.worker, this.encoder].filter((thread) => thread.threadId !== -1);
    const exited = Promise.all(running.map((thread) => new Promise<void>((resolve) => thread.once('exit', () => resolve()))));
    this.worker.postMessage({ type: 'dispose' } satisfies ToWorker);
    this.closed = true;
    await exited;
  }

  private onMessage(message: FromWorker): void {
    this.pending.receive(message);
  }

  private fail(reason: string): void {
    // After dispose() the exit is expected; otherwise later requests should say why the worker went away.
    if (!this.closed) this.exitReason = reason;
    this.closed = true;
    this.pending.failAll(reason);
  }
}
