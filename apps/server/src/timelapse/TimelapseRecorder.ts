import type { FrameMetadata } from '@promptjam/protocol';
import type { ServerLogger } from '../log/createLogger.js';
import type { TimelapseStorage } from '../store/TimelapseStorage.js';
import { makeThumbnail, type Thumbnail } from './makeThumbnail.js';
import { samePicture } from './samePicture.js';
import { TimelapseHistory, type TimelapseEntry, type TimelapseInput, type TimelapseLimits } from './TimelapseHistory.js';

/** What the recorder needs. */
export interface TimelapseRecorderDeps {
  storage: TimelapseStorage;
  limits: TimelapseLimits;
  /** Longest side of a thumbnail, px. */
  thumbnailPx: number;
  logger: ServerLogger;
  /** Counts a thumbnail or store failure (the frame is not kept; the room renders on). */
  onError(): void;
  /** The clock, epoch ms. */
  now?: () => number;
}

/** A refined frame waiting for its thumbnail. */
interface PendingFrame {
  metadata: FrameMetadata;
  image: Uint8Array;
}

/** One room's recording: its history (loaded once), the work in flight, and the newest frame not yet started. */
interface RoomRecording {
  history: Promise<TimelapseHistory>;
  /** Settles when every frame handed over so far is kept or given up. */
  chain: Promise<void>;
  pending: PendingFrame | undefined;
  /** Frames over the limits when the history loaded (limits lowered since): deleted with the next write. */
  stale: TimelapseEntry[];
  /** The room unloaded: forget the recording once its work is done. */
  forgotten: boolean;
  /** The newest kept frame's thumbnail, once read or made (what the next frame is compared with). */
  newest: Thumbnail | undefined;
}

/**
 * Keeps each room's timelapse: a thumbnail of every refined frame whose input differs from the previous kept
 * one and whose picture does too (`samePicture`: a seed that renders the same, a strength change without a
 * sketch), within the room's {@link TimelapseLimits} (oldest dropped first), in the store so it survives restarts.
 *
 * Recording never holds a room up: `record` returns at once, thumbnails are made on libuv's threads, one room's
 * frames are kept in order one at a time, and when a room renders faster than its thumbnails are made only its
 * newest waiting frame is kept (the ones skipped were on screen for less than one thumbnail's time). A failed
 * thumbnail or write is logged and counted; the room renders on.
 */
export class TimelapseRecorder {
  private readonly rooms = new Map<string, RoomRecording>();

  constructor(private readonly deps: TimelapseRecorderDeps) {}

  /** The limits every room's history keeps to. */
  get limits(): TimelapseLimits {
    return this.deps.limits;
  }

  /** Hands over a frame the room just showed; only refined frames are kept. */
  record(roomId: string, metadata: FrameMetadata, image: Uint8Array): void {
    if (metadata.quality !== 'refined' || this.deps.limits.maxFrames === 0) return;
    const recording = this.recordingOf(roomId);
    const alreadyQueued = recording.pending !== undefined;
    recording.pending = { metadata, image };
    if (alreadyQueued) return;
    recording.chain = recording.chain.then(() => this.keepPending(roomId, recording));
  }

  /** The room's kept frames, oldest first, once every frame handed over before this call is kept or given up. */
  async entries(roomId: string): Promise<readonly TimelapseEntry[]> {
    const recording = this.rooms.get(roomId);
    if (recording === undefined) {
      // A room not recording here (not loaded): read it without keeping anything in memory.
      const stored = new TimelapseHistory(await this.deps.storage.loadTimelapse(roomId), this.deps.limits);
      stored.trim();
      return stored.entries;
    }
    await recording.chain;
    return [...(await recording.history).entries];
  }

  /** The room unloaded: drops its recording from memory once its frames in flight are kept. */
  forget(roomId: string): void {
    const recording = this.rooms.get(roomId);
    if (recording === undefined) return;
    recording.forgotten = true;
    void recording.chain.then(() => {
      if (recording.forgotten && this.rooms.get(roomId) === recording) this.rooms.delete(roomId);
    });
  }

  /** Resolves once every frame handed over so far is kept or given up (before the store closes). */
  async drain(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((recording) => recording.chain));
  }

  private recordingOf(roomId: string): RoomRecording {
    let recording = this.rooms.get(roomId);
    if (recording !== undefined) {
      recording.forgotten = false;
      return recording;
    }
    recording = { history: Promise.resolve(new TimelapseHistory([], this.deps.limits)), chain: Promise.resolve(), pending: undefined, stale: [], forgotten: false, newest: undefined };
    this.reload(roomId, recording);
    this.rooms.set(roomId, recording);
    return recording;
  }

  /** (Re)reads the room's history from the store, noting the frames over the limits for deletion. */
  private reload(roomId: string, recording: RoomRecording): void {
    recording.newest = undefined;
    recording.history = this.deps.storage.loadTimelapse(roomId).then((entries) => {
      const history = new TimelapseHistory(entries, this.deps.limits);
      recording.stale = history.trim();
      return history;
    });
    // Awaited (and reported) by the next frame; a read of the history rejects with it too.
    recording.history.catch(() => undefined);
  }

  /** The newest kept frame's thumbnail (read from the store once after a load), or undefined for an empty history. */
  private async newestThumbnail(roomId: string, recording: RoomRecording, history: TimelapseHistory): Promise<Thumbnail | undefined> {
    const entry = history.entries.at(-1);
    if (entry === undefined) return undefined;
    if (recording.newest === undefined) {
      const [bytes] = await this.deps.storage.readTimelapseThumbnails(roomId, [entry]);
      recording.newest = { bytes: bytes!, width: entry.width, height: entry.height };
    }
    return recording.newest;
  }

  private async keepPending(roomId: string, recording: RoomRecording): Promise<void> {
    const frame = recording.pending;
    recording.pending = undefined;
    if (frame === undefined) return;
    const { metadata } = frame;
    try {
      const history = await recording.history;
      const input: TimelapseInput = { prompt: metadata.prompt, params: metadata.params, ...(metadata.img2img ? { canvas: metadata.img2img.canvas } : {}) };
      if (!history.wants(input)) return;
      const thumbnail = await makeThumbnail(frame.image, this.deps.thumbnailPx);
      const newest = await this.newestThumbnail(roomId, recording, history);
      if (newest !== undefined && (await samePicture(newest, thumbnail))) return;
      const entry: TimelapseEntry = {
        index: history.nextIndex,
        seq: metadata.seq,
        at: (this.deps.now ?? Date.now)(),
        ...input,
        model: metadata.model,
        width: thumbnail.width,
        height: thumbnail.height,
        bytes: thumbnail.bytes.byteLength,
      };
      const dropped = history.add(entry);
      if (dropped.includes(entry)) {
        this.deps.logger.warn({ room: roomId, bytes: entry.bytes, budget: this.deps.limits.maxBytes }, 'timelapse thumbnail larger than the whole byte budget; not kept');
        return;
      }
      const stale = recording.stale.splice(0);
      await this.deps.storage.appendTimelapse(roomId, entry, thumbnail.bytes, [...stale, ...dropped]);
      recording.newest = thumbnail;
    } catch (error) {
      this.deps.onError();
      this.deps.logger.error({ room: roomId, seq: metadata.seq, err: (error as Error).message }, 'keeping a timelapse frame failed');
      // What the store holds is the truth: read it again before the next frame.
      this.reload(roomId, recording);
    }
  }
}
