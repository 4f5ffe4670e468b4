import { RoomStoreError } from './RoomStorage.js';
import type { TimelapseEntry } from '../timelapse/TimelapseHistory.js';

/** A timelapse entry as stored: its JSON, UTF-8. */
export function encodeTimelapseEntry(entry: TimelapseEntry): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(entry));
}

/**
 * Reads a stored timelapse entry back; throws {@link RoomStoreError} naming the key when the bytes are not one
 * (an unreadable history is reported, never replaced by an empty one).
 */
export function decodeTimelapseEntry(roomId: string, key: string, bytes: Uint8Array): TimelapseEntry {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    value = undefined;
  }
  const entry = value as Partial<TimelapseEntry> | undefined;
  const numbers = [entry?.index, entry?.seq, entry?.at, entry?.width, entry?.height, entry?.bytes];
  if (typeof entry !== 'object' || entry === null || numbers.some((n) => typeof n !== 'number' || !Number.isFinite(n)) || typeof entry.prompt !== 'string' || typeof entry.params !== 'object' || entry.params === null) {
    throw new RoomStoreError(`the timelapse entry ${key} of room ${roomId} is unreadable`, roomId);
  }
  return entry as TimelapseEntry;
}
