import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { deserializeError, EngineClosedError } from '../errors.js';
import type { PipelineOptions } from '../pipeline/DiffusionPipeline.js';
import type { EngineInfo, GenerateRequest, GenerateResult, ImageEngine } from './types.js';
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

interface Pending {
  resolve: (result: GenerateResult) => void;
  reject: (error: Error) => void;
}

/**
 * An {@link ImageEngine} whose pipeline runs in a worker thread, so `session.run` never blocks the
 * caller's event loop (sockets keep flowing while a frame renders). Requests queue in the worker and
 * run one at a time; image bytes are transferred, errors come back as the same named classes.
 * If the worker dies, pending and later requests fail with {@link EngineClosedError}.
 */
export class WorkerEngine implements ImageEngine {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
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
    if (this.closed) return Promise.reject(new EngineClosedError(this.exitReason));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'generate', id, request } satisfies ToWorker);
    });
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
    if (message.type !== 'result' && message.type !== 'failed') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === 'result') {
      pending.resolve(message.result);
    } else {
      pending.reject(deserializeError(message.error));
    }
  }

  private fail(reason: string): void {
    // After dispose() the exit is expected; otherwise later requests should say why the worker went away.
    if (!this.closed) this.exitReason = reason;
    this.closed = true;
    for (const { reject } of this.pending.values()) reject(new EngineClosedError(reason));
    this.pending.clear();
  }
}
