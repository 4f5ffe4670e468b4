import { encodeTimelapse, type AnimatedFormat, type TimelapsePicture } from './encodeTimelapse.js';
import type { TimelapseEntry } from './TimelapseHistory.js';

/** What the exporter needs. */
export interface TimelapseExporterDeps {
  /** Exports encoding at once, server-wide; more wait in line. */
  maxRunning: number;
  /** Exports waiting for a turn; beyond this a request is refused (busy). */
  maxWaiting: number;
  /** Reads the thumbnails of `entries` of a room, in order. */
  thumbnails(roomId: string, entries: readonly TimelapseEntry[]): Promise<Uint8Array[]>;
}

/** An encoded timelapse and the tag that names its content. */
export interface ExportedTimelapse {
  bytes: Buffer;
  /** Strong ETag (quoted): the room, the format and the frames it shows; equal tags are equal bytes. */
  etag: string;
}

/** Exports kept for repeat downloads (a workshop's audience all pressing Download at the end). */
const CACHED_EXPORTS = 8;
/** Bytes of kept exports, all together. */
const CACHED_EXPORT_BYTES = 64 * 1024 * 1024;

/** The tag of a room's timelapse in `format` showing `entries`. */
export function timelapseEtag(roomId: string, format: string, entries: readonly TimelapseEntry[]): string {
  return `"${roomId}.${format}.${entries[0]?.index ?? 0}-${entries.at(-1)?.index ?? -1}.${entries.length}"`;
}

/**
 * Encodes timelapses with a bounded number at once: `maxRunning` encode, `maxWaiting` wait, the rest are told
 * the server is busy (`undefined`). Requests for the same content share one encode, and the last few results
 * are kept, so a room downloaded by many costs one encode.
 */
export class TimelapseExporter {
  private running = 0;
  private readonly queue: Array<() => void> = [];
  private readonly inFlight = new Map<string, Promise<ExportedTimelapse>>();
  /** Finished exports by tag, oldest first. */
  private readonly cache = new Map<string, ExportedTimelapse>();
  private cachedBytes = 0;

  constructor(private readonly deps: TimelapseExporterDeps) {}

  /** Exports encoding now. */
  get active(): number {
    return this.running;
  }

  /**
   * The room's timelapse in `format` made of `entries` (non-empty, oldest first), or undefined when too many
   * exports are running and waiting already. Rejects when a thumbnail cannot be read or decoded.
   */
  export(roomId: string, format: AnimatedFormat, entries: readonly TimelapseEntry[]): Promise<ExportedTimelapse> | undefined {
    const etag = timelapseEtag(roomId, format, entries);
    const cached = this.cache.get(etag);
    if (cached !== undefined) return Promise.resolve(cached);
    const shared = this.inFlight.get(etag);
    if (shared !== undefined) return shared;
    if (this.running >= this.deps.maxRunning && this.queue.length >= this.deps.maxWaiting) return undefined;
    const job = this.inTurn(async () => {
      const thumbnails = await this.deps.thumbnails(roomId, entries);
      const pictures: TimelapsePicture[] = thumbnails.map((bytes, i) => ({ bytes, width: entries[i]!.width, height: entries[i]!.height }));
      return { bytes: await encodeTimelapse(pictures, format), etag };
    });
    this.inFlight.set(etag, job);
    const settle = (): void => void this.inFlight.delete(etag);
    job.then((done) => {
      settle();
      this.keep(done);
    }, settle);
    return job;
  }

  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.deps.maxRunning) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (the count stays), or free it.
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }

  private keep(done: ExportedTimelapse): void {
    if (done.bytes.length > CACHED_EXPORT_BYTES) return;
    this.cache.set(done.etag, done);
    this.cachedBytes += done.bytes.length;
    for (const [tag, old] of this.cache) {
      if (this.cache.size <= CACHED_EXPORTS && this.cachedBytes <= CACHED_EXPORT_BYTES) break;
      this.cache.delete(tag);
      this.cachedBytes -= old.bytes.length;
    }
  }
}
