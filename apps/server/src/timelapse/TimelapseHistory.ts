import { sameParams, type TimelapseFrameInfo } from '@promptjam/protocol';

/** One kept frame: what the manifest shows of it, and the store index its thumbnail is kept under. */
export interface TimelapseEntry extends TimelapseFrameInfo {
  /** Increases by one with every frame a room keeps; the store's key for its thumbnail. */
  index: number;
}

/** How much history one room keeps. */
export interface TimelapseLimits {
  /** Most frames kept; 0 keeps none (the timelapse is off). */
  maxFrames: number;
  /** Most thumbnail bytes kept, all frames together. */
  maxBytes: number;
}

/** What a frame was rendered from, as far as telling two frames apart needs. */
export type TimelapseInput = Pick<TimelapseFrameInfo, 'prompt' | 'params' | 'canvas'>;

/** Whether two frames were rendered from the same input (prompt, params and canvas), hence show the same image. */
export function sameTimelapseInput(a: TimelapseInput, b: TimelapseInput): boolean {
  return a.prompt === b.prompt && sameParams(a.params, b.params) && a.canvas === b.canvas;
}

/**
 * A room's kept frames, oldest first, within a frame count and a byte budget: adding a frame drops the oldest
 * ones until both hold again. A frame rendered from the same input as the newest kept one is not added (it
 * shows the same picture: a redraw after a restart, or a refine of an unchanged prompt).
 *
 * Pure bookkeeping: the thumbnails themselves live in the store, under each entry's `index`.
 */
export class TimelapseHistory {
  private readonly kept: TimelapseEntry[];
  private bytes: number;

  /** `entries` are the stored ones, oldest first (trimmed to `limits` if they were stored under larger ones). */
  constructor(
    entries: readonly TimelapseEntry[],
    readonly limits: TimelapseLimits,
  ) {
    this.kept = [...entries];
    this.bytes = this.kept.reduce((sum, entry) => sum + entry.bytes, 0);
  }

  /** The kept frames, oldest first. */
  get entries(): readonly TimelapseEntry[] {
    return this.kept;
  }

  /** Thumbnail bytes kept, all frames together. */
  get totalBytes(): number {
    return this.bytes;
  }

  /** The index the next kept frame gets. */
  get nextIndex(): number {
    return (this.kept.at(-1)?.index ?? -1) + 1;
  }

  /** Whether a frame of `input` would be kept (not a repeat of the newest one, and the timelapse is on). */
  wants(input: TimelapseInput): boolean {
    if (this.limits.maxFrames === 0) return false;
    const newest = this.kept.at(-1);
    return newest === undefined || !sameTimelapseInput(newest, input);
  }

  /**
   * Adds `entry` as the newest frame and drops the oldest ones beyond the limits; returns the dropped ones. A
   * thumbnail larger than the whole byte budget is not kept (returned as dropped, with nothing else dropped).
   */
  add(entry: TimelapseEntry): TimelapseEntry[] {
    if (entry.bytes > this.limits.maxBytes || this.limits.maxFrames === 0) return [entry];
    this.kept.push(entry);
    this.bytes += entry.bytes;
    return this.trim();
  }

  /** Drops the oldest frames until the count and the byte budget hold; returns the dropped ones. */
  trim(): TimelapseEntry[] {
    const dropped: TimelapseEntry[] = [];
    while (this.kept.length > this.limits.maxFrames || this.bytes > this.limits.maxBytes) {
      const oldest = this.kept.shift()!;
      this.bytes -= oldest.bytes;
      dropped.push(oldest);
    }
    return dropped;
  }
}
