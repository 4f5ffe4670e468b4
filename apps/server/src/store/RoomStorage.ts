import { decodeServerMessage, MessageType, type FrameMetadata } from '@promptjam/protocol';

/** A room's last frame as stored: the exact frame message (type 100) and its decoded metadata. */
export interface StoredFrame {
  metadata: FrameMetadata;
  /** The whole encoded frame message, ready to send as is. */
  message: Uint8Array;
}

/** Everything stored about one room. */
export interface StoredRoom {
  /** Yjs updates in the order they were stored; applying them all rebuilds the document. */
  updates: Uint8Array[];
  frame: StoredFrame | null;
  /** The highest frame seq the room has sent (at least the stored frame's; frames are written less often). */
  seq: number;
}

/** The store could not be read or written; `roomId` names the room when one is involved. */
export class RoomStoreError extends Error {
  override name = 'RoomStoreError';
  constructor(
    message: string,
    readonly roomId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Where rooms live between loads: the embedded LevelDB store of one server ({@link RoomStore}) or, in a
 * cluster, Redis (`cluster/RedisRoomStore`). Writes of one room complete in the order they were asked for;
 * every failure rejects with a `RoomStoreError` and nothing is swallowed.
 */
export interface RoomStorage {
  /** Reads a room's updates and last frame. A room never stored comes back empty. */
  loadRoom(roomId: string): Promise<StoredRoom>;
  /** Appends one Yjs update to a room's document; the room relays it only after this resolved (or failed). */
  appendUpdate(roomId: string, update: Uint8Array): Promise<void>;
  /** Records the room's newest frame seq, so seq never goes back. */
  saveSeq(roomId: string, seq: number): Promise<void>;
  /** Replaces the room's last frame. */
  saveFrame(roomId: string, frame: StoredFrame): Promise<void>;
  /**
   * Replaces the room's stored updates with `state` (the whole document as one update). `state` must include
   * every update appended before this call; later appends are kept.
   */
  compact(roomId: string, state: Uint8Array): Promise<void>;
  /** Resolves once every write queued so far has finished, whether it failed or not. */
  drain(): Promise<void>;
  /** Forgets a room's in-memory bookkeeping (after it unloads). Its data stays stored. */
  forget(roomId: string): void;
  /** Waits for queued writes, then closes. */
  close(): Promise<void>;
}

/** Reads a stored frame message back; throws {@link RoomStoreError} when the bytes are not a frame message. */
export function decodeStoredFrame(roomId: string, bytes: Uint8Array): StoredFrame {
  const decoded = decodeServerMessage(bytes);
  if (decoded.error !== undefined || decoded.value?.type !== MessageType.Frame) {
    throw new RoomStoreError(`the stored frame of room ${roomId} is unreadable: ${decoded.error ?? 'not a frame message'}`, roomId);
  }
  return { metadata: decoded.value.metadata, message: bytes };
}

/** Reads a stored seq (decimal digits); throws {@link RoomStoreError} when it is not a non-negative integer. */
export function decodeStoredSeq(roomId: string, bytes: Uint8Array): number {
  const text = new TextDecoder().decode(bytes);
  const seq = Number(text);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RoomStoreError(`the stored seq of room ${roomId} is unreadable: ${JSON.stringify(text.slice(0, 20))}`, roomId);
  return seq;
}
