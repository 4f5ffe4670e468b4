import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CanvasChange, CanvasRasterizer, RasterizedCanvas } from './canvasChange.js';
import type { RasterReply, RasterRequest } from './rasterMessages.js';

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
 * sketch drawn from scratch on a busy CPU) never stalls the event loop that relays everyone's edits. The thread
 * keeps each room's picture between changes (`SketchSurfaces`, bounded); requests run in order; the thread
 * starts on first use and again after it dies (its pending requests fail with {@link RasterError}, and the
 * pictures it kept are gone, so appends answer null until the room sends a full change).
 */
export class RasterThread implements CanvasRasterizer {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: RasterizedCanvas | null) => void; reject: (e: Error) => void }>();
  private closed = false;

  draw(room: string, width: number, height: number, change: CanvasChange): Promise<RasterizedCanvas | null> {
    if (this.closed) return Promise.reject(new RasterError('the raster thread is closed'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ kind: 'draw', id, room, width, height, change } satisfies RasterRequest);
    });
  }

  drop(room: string): void {
    this.worker?.postMessage({ kind: 'drop', room } satisfies RasterRequest);
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
      else waiting.resolve(reply.canvas);
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
