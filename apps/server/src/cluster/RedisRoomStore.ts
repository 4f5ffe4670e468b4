import type { Redis } from 'ioredis';
import { RoomStoreError, decodeStoredFrame, decodeStoredSeq, type RoomStorage, type StoredFrame, type StoredRoom } from '../store/RoomStorage.js';
import { roomKeys } from './clusterKeys.js';
import { compactDocument, fencedRaiseSeq, fencedSet, loadRoom } from './clusterScripts.js';
import { STREAM_START } from './streamIds.js';

/** What the store asks the rest of the member. */
export interface RedisRoomStoreDeps {
  /** This member's id, written beside every update it appends (so it skips its own when following the stream). */
  memberId: string;
  /** This member's lease value for the room (`<member>:<token>`), if it holds the lease. */
  leaseOf(roomId: string): string | undefined;
  /** The stream id up to which this member has applied the room's updates (what a compaction may cover). */
  followedUpTo(roomId: string): string | undefined;
  /** Called by {@link RedisRoomStore.close}: the member gives up its leases and disconnects. */
  onClose(): Promise<void>;
}

/**
 * Rooms in Redis (cluster mode). A document is a stream of Yjs updates (XADD, durable and ordered; every
 * member follows it) plus a compacted document covering the stream up to a stream id. Only the room's render
 * owner compacts and writes the frame and seq, and only while its lease holds (checked inside Redis). Every
 * member appends: an update is relayed only after its XADD is acknowledged, like the embedded store.
 *
 * Writes go over one connection, so Redis runs them in the order they were asked for. When Redis is
 * unreachable an append fails at once (no offline queue): the room keeps the edit in memory and relays it
 * anyway, and the room is marked unsynced; its next {@link compact} (the member flushes every room when Redis
 * returns) appends the whole document again, which every member merges (Yjs updates are idempotent).
 */
export class RedisRoomStore implements RoomStorage {
  /** Where each loaded room's stream was read up to by its load; the follower continues from there. */
  private readonly loadedAt = new Map<string, string>();
  /** Rooms with an append that failed: their next compaction republishes the whole document first. */
  private readonly unsynced = new Set<string>();
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly redis: Redis,
    private readonly deps: RedisRoomStoreDeps,
  ) {}

  async loadRoom(roomId: string): Promise<StoredRoom> {
    const keys = roomKeys(roomId);
    const reply = (await this.track(roomId, 'load', loadRoom.runBuffer(this.redis, [keys.updates, keys.doc, keys.docId, keys.frame, keys.seq], []))) as LoadReply;
    const [doc, docId, frameBytes, seqBytes, entries] = reply;
    const updates: Uint8Array[] = doc ? [doc] : [];
    let position = docId ? docId.toString() : STREAM_START;
    for (const [id, fields] of entries) {
      const update = fieldOf(fields, 'u');
      if (!update) throw new RoomStoreError(`stream entry ${id.toString()} of room ${roomId} has no update`, roomId);
      updates.push(update);
      position = id.toString();
    }
    this.loadedAt.set(roomId, position);
    const frame = frameBytes ? decodeStoredFrame(roomId, frameBytes) : null;
    const seq = Math.max(frame?.metadata.seq ?? 0, seqBytes ? decodeStoredSeq(roomId, seqBytes) : 0);
    return { updates, frame, seq };
  }

  /** Where the room's last load read its stream up to (the follower starts there); forgets it. */
  takeLoadPosition(roomId: string): string {
    const position = this.loadedAt.get(roomId) ?? STREAM_START;
    this.loadedAt.delete(roomId);
    return position;
  }

  appendUpdate(roomId: string, update: Uint8Array): Promise<void> {
    const write = this.redis.xadd(roomKeys(roomId).updates, '*', 'u', Buffer.from(update), 'm', this.deps.memberId);
    return this.track(roomId, 'store an update of', write).then(
      () => undefined,
      (error: unknown) => {
        this.unsynced.add(roomId);
        throw error;
      },
    );
  }

  async saveSeq(roomId: string, seq: number): Promise<void> {
    const lease = this.deps.leaseOf(roomId);
    if (!lease) return;
    const keys = roomKeys(roomId);
    await this.track(roomId, 'store the seq of', fencedRaiseSeq.run(this.redis, [keys.owner, keys.seq], [lease, seq]));
  }

  async saveFrame(roomId: string, frame: StoredFrame): Promise<void> {
    const lease = this.deps.leaseOf(roomId);
    if (!lease) return;
    const keys = roomKeys(roomId);
    await this.track(roomId, 'store the frame of', fencedSet.run(this.redis, [keys.owner, keys.frame], [lease, frame.message]));
  }

  /**
   * Republishes the whole document if an append of the room failed (reconciliation after Redis trouble), then,
   * on the room's owner only, stores `state` as the compacted document and trims the stream it covers.
   */
  async compact(roomId: string, state: Uint8Array): Promise<void> {
    const keys = roomKeys(roomId);
    if (this.unsynced.has(roomId)) {
      this.unsynced.delete(roomId);
      // A failure marks the room unsynced again.
      await this.appendUpdate(roomId, state);
    }
    const lease = this.deps.leaseOf(roomId);
    const covered = this.deps.followedUpTo(roomId);
    if (!lease || !covered) return;
    await this.track(roomId, 'compact', compactDocument.run(this.redis, [keys.owner, keys.updates, keys.doc, keys.docId], [lease, state, covered]));
  }

  /** Whether an append of the room failed and has not been republished yet. */
  isUnsynced(roomId: string): boolean {
    return this.unsynced.has(roomId);
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  forget(roomId: string): void {
    this.loadedAt.delete(roomId);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drain();
    await this.deps.onClose();
  }

  /** Wraps failures in {@link RoomStoreError} and remembers the write until it settles (for {@link drain}). */
  private track<T>(roomId: string, what: string, write: Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new RoomStoreError(`the cluster store is closed (${what} room ${roomId})`, roomId));
    const run = write.catch((cause: unknown) => {
      throw new RoomStoreError(`cannot ${what} room ${roomId} in Redis: ${(cause as Error).message}`, roomId, { cause });
    });
    this.pending.add(run);
    const settle = (): void => void this.pending.delete(run);
    run.then(settle, settle);
    return run;
  }
}

/** The reply of the load script. */
type LoadReply = [doc: Buffer | null, docId: Buffer | null, frame: Buffer | null, seq: Buffer | null, entries: Array<[id: Buffer, fields: Buffer[]]>];

/** The value of `name` in a stream entry's flat field list. */
export function fieldOf(fields: readonly Buffer[], name: string): Buffer | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i]!.toString() === name) return fields[i + 1];
  return undefined;
}
