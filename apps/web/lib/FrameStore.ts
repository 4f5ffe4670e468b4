import type { FrameMetadata } from '@promptjam/protocol';

/** How many frames a room keeps in memory by default: the live one plus the history strip. */
export const DEFAULT_FRAME_CAPACITY = 12;

/** One received frame, with an object URL the page can show and download. */
export interface StoredFrame {
  metadata: FrameMetadata;
  /** A `blob:` URL for the image bytes; valid until the frame is evicted or the store disposed. */
  url: string;
  /** Image size in bytes. */
  bytes: number;
  /** Client epoch ms when the frame arrived. */
  receivedAt: number;
}

/** Creates and revokes object URLs; `URL.createObjectURL` in the browser, a fake in tests. */
export interface ObjectUrlFactory {
  create(image: Uint8Array, mime: string): string;
  revoke(url: string): void;
}

/** The browser's object URLs. */
export const browserObjectUrls: ObjectUrlFactory = {
  create: (image, mime) => URL.createObjectURL(new Blob([image as Uint8Array<ArrayBuffer>], { type: mime })),
  revoke: (url) => URL.revokeObjectURL(url),
};

/**
 * The room's recent frames, newest last, bounded in count: every evicted frame's object URL is revoked,
 * so a long session never piles up image memory. One frame may be pinned (the one shown large)
 * and is then evicted only after it is unpinned. A preview frame (rendered quickly while the room is being
 * edited) stays only until the next frame arrives, so typing never pushes refined frames out of the history.
 */
export class FrameStore {
  private frames: StoredFrame[] = [];
  private pinnedUrl: string | null = null;
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  constructor(
    private readonly urls: ObjectUrlFactory = browserObjectUrls,
    readonly capacity: number = DEFAULT_FRAME_CAPACITY,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity: expected an integer >= 1, got ${capacity}`);
  }

  /** Frames, oldest first. The array is replaced (never mutated) on every change, so it can be a React snapshot. */
  get all(): readonly StoredFrame[] {
    return this.frames;
  }

  /** The newest frame, or null before the first one. */
  get latest(): StoredFrame | null {
    return this.frames[this.frames.length - 1] ?? null;
  }

  /**
   * Adds a frame. A frame whose `seq` is not newer than the latest is ignored (a late duplicate after a
   * reconnect), unless the room's sequence restarted (`seq` far below), in which case history starts over.
   * Returns the stored frame, or null when ignored.
   */
  add(metadata: FrameMetadata, image: Uint8Array, receivedAt: number = Date.now()): StoredFrame | null {
    if (this.disposed) return null;
    const latest = this.latest;
    if (latest !== null && metadata.seq === latest.metadata.seq) return null;
    if (latest !== null && metadata.seq < latest.metadata.seq) this.clearUnpinned();
    const frame: StoredFrame = { metadata, url: this.urls.create(image, metadata.mime), bytes: image.byteLength, receivedAt };
    this.frames = [...this.withoutSupersededPreview(), frame];
    this.evictOverCapacity();
    this.emit();
    return frame;
  }

  /** Keeps `url`'s frame alive while it is shown large; pass null to release it. */
  pin(url: string | null): void {
    const previous = this.pinnedUrl;
    this.pinnedUrl = url;
    if (previous !== null && previous !== url && !this.frames.some((f) => f.url === previous)) this.urls.revoke(previous);
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Revokes every object URL; the store accepts no frames afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const frame of this.frames) this.urls.revoke(frame.url);
    if (this.pinnedUrl !== null && !this.frames.some((f) => f.url === this.pinnedUrl)) this.urls.revoke(this.pinnedUrl);
    this.frames = [];
    this.pinnedUrl = null;
    this.emit();
    this.listeners.clear();
  }

  private evictOverCapacity(): void {
    let excess = this.frames.length - this.capacity;
    if (excess <= 0) return;
    const kept: StoredFrame[] = [];
    for (const frame of this.frames) {
      if (excess > 0 && frame !== this.latest) {
        excess--;
        // A pinned frame leaves the list but keeps its URL until it is unpinned.
        if (frame.url !== this.pinnedUrl) this.urls.revoke(frame.url);
        continue;
      }
      kept.push(frame);
    }
    this.frames = kept;
  }

  /** The frames without the newest one if it is a preview: any later frame supersedes it. */
  private withoutSupersededPreview(): StoredFrame[] {
    const latest = this.latest;
    if (latest === null || latest.metadata.quality !== 'preview') return this.frames;
    if (latest.url !== this.pinnedUrl) this.urls.revoke(latest.url);
    return this.frames.slice(0, -1);
  }

  private clearUnpinned(): void {
    for (const frame of this.frames) if (frame.url !== this.pinnedUrl) this.urls.revoke(frame.url);
    this.frames = [];
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
