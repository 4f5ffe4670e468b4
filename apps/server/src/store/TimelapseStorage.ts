import type { TimelapseEntry } from '../timelapse/TimelapseHistory.js';

/**
 * Where a room's timelapse thumbnails live between loads (the embedded store, {@link RoomStore}). Each frame is
 * two records under its entry's index: what it was made from (small JSON, read when the history loads) and its
 * thumbnail (read only to export). Writes of one room complete in the order they were asked for, with its other
 * writes; failures reject with a `RoomStoreError`.
 */
export interface TimelapseStorage {
  /** The room's kept frames, oldest first (empty for a room never stored). */
  loadTimelapse(roomId: string): Promise<TimelapseEntry[]>;
  /** Stores `entry` with its thumbnail and deletes the `dropped` frames, in one atomic write. */
  appendTimelapse(roomId: string, entry: TimelapseEntry, thumbnail: Uint8Array, dropped: readonly TimelapseEntry[]): Promise<void>;
  /** The thumbnails of `entries`, in their order; throws `RoomStoreError` if one is missing. */
  readTimelapseThumbnails(roomId: string, entries: readonly TimelapseEntry[]): Promise<Uint8Array[]>;
  /** Whether anything of the room is stored (its document, frame or history). */
  hasRoom(roomId: string): Promise<boolean>;
}
