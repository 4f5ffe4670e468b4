/**
 * Heap and RSS sampling for "bytes per idle client / per idle room". A heap figure taken without a full
 * garbage collection mixes live objects with garbage, so the sampler collects first when the process was
 * started with --expose-gc (the server runner always is) and says whether it could.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Memory of one process at one moment, in bytes. */
export interface MemorySample {
  heapUsedBytes: number;
  heapTotalBytes: number;
  rssBytes: number;
  /** Memory of C++ objects bound to JS (Buffers, ws sockets' native parts). */
  externalBytes: number;
  arrayBuffersBytes: number;
  /** True when a full GC ran just before the sample. */
  afterGc: boolean;
}

type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

function exposedGc(): GcFunction | null {
  const candidate = (globalThis as { gc?: unknown }).gc;
  return typeof candidate === 'function' ? (candidate as GcFunction) : null;
}

/**
 * Samples memory, running full GCs first when available. Several passes with a yield between them let
 * finalizers and weak callbacks (closed sockets) run, so freed connections do not linger in the figure.
 */
export async function sampleMemory(gcPasses = 3): Promise<MemorySample> {
  const gc = exposedGc();
  if (gc) {
    for (let i = 0; i < gcPasses; i += 1) {
      gc();
      await delay(5);
    }
  }
  const usage = process.memoryUsage();
  return {
    heapUsedBytes: usage.heapUsed,
    heapTotalBytes: usage.heapTotal,
    rssBytes: usage.rss,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
    afterGc: gc !== null,
  };
}
