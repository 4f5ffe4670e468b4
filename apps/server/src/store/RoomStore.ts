import { ClassicLevel } from 'classic-level';
import { RoomStoreError, decodeStoredFrame, decodeStoredSeq, type RoomStorage, type StoredFrame, type StoredRoom } from './RoomStorage.js';
import { migrateRoomIds, type RoomIdMigration } from './migrateRoomIds.js';
import { roomFrameKey, roomRange, roomSeqKey, roomThumbnailKey, roomTimelapseKey, roomTimelapseRange, roomUpdateKey, roomUpdateRange, updateIndexOf } from './storeKeys.js';
import { decodeTimelapseEntry, encodeTimelapseEntry } from './timelapseRecords.js';
import type { TimelapseStorage } from './TimelapseStorage.js';
import type { TimelapseEntry } from '../timelapse/TimelapseHistory.js';

export { RoomStoreError, type StoredFrame, type StoredRoom } from './RoomStorage.js';

/**
 * The embedded database of room documents and last frames (LevelDB through classic-level).
 *
 * A document is stored as the Yjs updates it received, each under its own key as it arrives, and is compacted
 * into one update when the room unloads (or when it grew past a threshold). Writes of one room run one after
 * the other, in arrival order; rooms do not wait for each other. Errors reach the caller: nothing is swallowed,
 * and an unreadable room is reported rather than replaced by an empty one.
 */
export class RoomStore implements RoomStorage, TimelapseStorage {
  /** Next update index per loaded room. */
  private readonly nextIndex = new Map<string, number>();
  /** The tail of each room's write chain. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly db: ClassicLevel<string, Uint8Array>,
    /** The directory the database lives in. */
    readonly location: string,
    /** Rooms moved to canonical ids when this store was opened (see `migrateRoomIds`). */
    readonly roomIdMigration: RoomIdMigration,
  ) {}

  /**
   * Opens (creating if needed) the store in `dir`, moving rooms stored under a non-canonical id to their
   * canonical id the first time. Fails if another process holds it.
   */
  static async open(dir: string): Promise<RoomStore> {
    const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (cause) {
      const detail = (cause as { cause?: Error }).cause?.message ?? (cause as Error).message;
      throw new RoomStoreError(`cannot open the room store at ${dir}: ${detail}`, undefined, { cause });
    }
    try {
      return new RoomStore(db, dir, await migrateRoomIds(db));
    } catch (cause) {
      await db.close();
      throw new RoomStoreError(`cannot move rooms to canonical ids in ${dir}: ${(cause as Error).message}`, undefined, { cause });
    }
  }

  /** Reads a room's updates and last frame. A room never stored comes back empty. */
  loadRoom(roomId: string): Promise<StoredRoom> {
    return this.serialize(roomId, async () => {
      const entries = await this.db.iterator({ ...roomUpdateRange(roomId) }).all();
      const [frameBytes, seqBytes] = await this.db.getMany([roomFrameKey(roomId), roomSeqKey(roomId)]);
      const last = entries.at(-1);
      this.nextIndex.set(roomId, last ? updateIndexOf(last[0]) + 1 : 0);
      const frame = frameBytes ? decodeStoredFrame(roomId, frameBytes) : null;
      const seq = Math.max(frame?.metadata.seq ?? 0, seqBytes ? decodeStoredSeq(roomId, seqBytes) : 0);
      return { updates: entries.map(([, value]) => value), frame, seq };
    }, 'load');
  }

  /** Appends one Yjs update to a room's document. */
  appendUpdate(roomId: string, update: Uint8Array): Promise<void> {
    return this.serialize(roomId, () => this.db.put(roomUpdateKey(roomId, this.takeIndex(roomId)), update), 'store an update of');
  }

  /** Records the room's newest frame seq (a few bytes, written for every frame, so seq never goes back). */
  saveSeq(roomId: string, seq: number): Promise<void> {
    return this.serialize(roomId, () => this.db.put(roomSeqKey(roomId), new TextEncoder().encode(String(seq))), 'store the seq of');
  }

  /** Replaces the room's last frame. */
  saveFrame(roomId: string, frame: StoredFrame): Promise<void> {
    return this.serialize(roomId, () => this.db.put(roomFrameKey(roomId), frame.message), 'store the frame of');
  }

  /**
   * Replaces every stored update of the room with `state` (the whole document as one update), atomically.
   * `state` must include every update appended before this call; later appends are kept.
   */
  compact(roomId: string, state: Uint8Array): Promise<void> {
    return this.serialize(roomId, async () => {
      const keys = await this.db.keys({ ...roomUpdateRange(roomId) }).all();
      const index = this.takeIndex(roomId);
      await this.db.batch([
        ...keys.map((key) => ({ type: 'del' as const, key })),
        { type: 'put' as const, key: roomUpdateKey(roomId, index), value: state },
      ]);
    }, 'compact');
  }

  /** The room's kept timelapse frames, oldest first (their thumbnails are read only to export). */
  loadTimelapse(roomId: string): Promise<TimelapseEntry[]> {
    return this.serialize(roomId, async () => {
      const entries = await this.db.iterator({ ...roomTimelapseRange(roomId) }).all();
      return entries.map(([key, value]) => decodeTimelapseEntry(roomId, key, value));
    }, 'load the timelapse of');
  }

  /** Stores a timelapse frame with its thumbnail and deletes the dropped ones, atomically. */
  appendTimelapse(roomId: string, entry: TimelapseEntry, thumbnail: Uint8Array, dropped: readonly TimelapseEntry[]): Promise<void> {
    return this.serialize(roomId, () => this.db.batch([
      ...dropped.flatMap(({ index }) => [
        { type: 'del' as const, key: roomTimelapseKey(roomId, index) },
        { type: 'del' as const, key: roomThumbnailKey(roomId, index) },
      ]),
      { type: 'put' as const, key: roomTimelapseKey(roomId, entry.index), value: encodeTimelapseEntry(entry) },
      { type: 'put' as const, key: roomThumbnailKey(roomId, entry.index), value: thumbnail },
    ]), 'store a timelapse frame of');
  }

  /** The thumbnails of `entries`, in order; a missing one is a `RoomStoreError`. */
  readTimelapseThumbnails(roomId: string, entries: readonly TimelapseEntry[]): Promise<Uint8Array[]> {
    return this.serialize(roomId, async () => {
      const values = await this.db.getMany(entries.map(({ index }) => roomThumbnailKey(roomId, index)));
      return values.map((value, i) => {
        if (value === undefined) throw new RoomStoreError(`the thumbnail of timelapse frame ${entries[i]!.index} of room ${roomId} is missing`, roomId);
        return value;
      });
    }, 'read the timelapse of');
  }

  /** Whether anything of the room is stored (its document, frame or history). */
  hasRoom(roomId: string): Promise<boolean> {
    return this.serialize(roomId, async () => (await this.db.keys({ ...roomRange(roomId), limit: 1 }).all()).length > 0, 'look up');
  }

  /** Resolves once every write queued so far (for every room) has finished, whether it failed or not. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }

  /** Forgets a room's in-memory bookkeeping (after it unloads). Its data stays stored. */
  forget(roomId: string): void {
    if (!this.chains.has(roomId)) this.nextIndex.delete(roomId);
  }

  /** Waits for queued writes, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drain();
    await this.db.close();
  }

  private takeIndex(roomId: string): number {
    const index = this.nextIndex.get(roomId);
    if (index === undefined) throw new RoomStoreError(`room ${roomId} was written before it was loaded`, roomId);
    this.nextIndex.set(roomId, index + 1);
    return index;
  }

  /** Runs `task` after the room's earlier writes; wraps failures in {@link RoomStoreError}. */
  private serialize<T>(roomId: string, task: () => Promise<T>, what: string): Promise<T> {
    if (this.closed) return Promise.reject(new RoomStoreError(`the room store is closed (${what} room ${roomId})`, roomId));
    const previous = this.chains.get(roomId) ?? Promise.resolve();
    const run = previous.then(task).catch((cause: unknown) => {
      if (cause instanceof RoomStoreError) throw cause;
      throw new RoomStoreError(`cannot ${what} room ${roomId}: ${(cause as Error).message}`, roomId, { cause });
    });
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(roomId, tail);
    void tail.then(() => {
      if (this.chains.get(roomId) === tail) this.chains.delete(roomId);
    });
    return run;
  }
}
