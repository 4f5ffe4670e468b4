import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RasterizedCanvas } from './rasterizeCanvas.js';
import type { RasterReply, RasterRequest } from './rasterMessages.js';
import type { CanvasInput } from './renderTypes.js';

/** A rasterisation that could not be done (the thread failed or was closed). */
export class RasterError extends Error {
  override name = 'RasterError';
}

/** The compiled worker script: the sibling from dist, or dist's copy when this module runs from source (vitest). */
function workerScriptPath(): string {
  const sibling = fileURLToPath(new URL('./rasterWorker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  return fileURLToPath(new URL('../../dist/render/rasterWorker.js', import.meta.url));
}

/**
 * Rasterises room canvases on one worker thread, so Skia's synchronous drawing (tens of milliseconds for a big
 * sketch on a busy CPU) never stalls the event loop that relays everyone's edits. Requests run in order; the
 * thread starts on first use and again after it dies (its pending requests fail with {@link RasterError}).
 */
export class RasterThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: RasterizedCanvas) => void; reject: (e: Error) => void }>();
  private closed = false;

  /** Draws `canvas` at `width` x `height` on the thread. */
  rasterize(canvas: CanvasInput, width: number, height: number): Promise<RasterizedCanvas> {
    if (this.closed) return Promise.reject(new RasterError('the raster thread is closed'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, canvas, width, height } satisfies RasterRequest);
    });
  }

  /** Stops the thread; pending and later requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failAll('the raster thread is closed');
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(workerScriptPath());
    // An idle raster thread must not keep the process alive.
    worker.unref();
    worker.on('message', (reply: RasterReply) => {
      const waiting = this.pending.get(reply.id);
      if (waiting === undefined) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiting.reject(new RasterError(`rasterising the sketch failed: ${reply.error}`));
      else waiting.resolve({ jpeg: reply.jpeg, imageDrawn: reply.imageDrawn });
    });
    const died = (why: string): void => {
      if (this.worker === worker) this.worker = null;
      this.failAll(why);
    };
    worker.on('error', (error) => died(`the raster thread failed: ${error.message}`));
    worker.on('exit', (code) => died(`the raster thread exited (${code})`));
    this.worker = worker;
    return worker;
  }

  private failAll(why: string): void {
    for (const { reject } of this.pending.values()) reject(new RasterError(why));
    this.pending.clear();
  }
}
