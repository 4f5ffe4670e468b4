import type { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { ServerLogger } from '../log/createLogger.js';
import { PEER_ORIGIN, type PeerRoom } from '../rooms/RoomPeers.js';
import { roomKeys } from './clusterKeys.js';
import { fieldOf } from './RedisRoomStore.js';
import { compareStreamIds } from './streamIds.js';

/** Longest one blocking read waits before it is issued again with the current set of rooms, ms. */
export const READ_BLOCK_MS = 5_000;
/** Entries read per room per round. */
const READ_COUNT = 256;
/** Wait before unblocking again a read that was sent but had not blocked yet, ms. */
const UNBLOCK_RETRY_MS = 10;
/** Pause after a failed read (Redis unreachable) before the next try, ms. */
const RETRY_MS = 250;

/** A followed room and how far its stream has been applied. */
interface Followed {
  room: PeerRoom;
  key: string;
  position: string;
}

/**
 * Applies the other members' document updates to this member's rooms: one blocking XREAD over the streams of
 * every loaded room, on a connection of its own. A room joining or leaving interrupts the read (CLIENT
 * UNBLOCK) so it is read from at once. Updates this member appended itself are skipped (already applied);
 * every other one is applied with {@link PEER_ORIGIN}, which relays it to the room's clients here.
 */
export class StreamFollower {
  private readonly followed = new Map<string, Followed>();
  private readonly byKey = new Map<string, string>();
  private stopped = false;
  private reading = false;
  private readerId: number | undefined;
  private wakeIdle: (() => void) | undefined;
  private readonly loop: Promise<void>;

  constructor(
    /** A connection used for nothing else (a blocked XREAD holds it). */
    private readonly reader: Redis,
    /** Any other connection, to unblock the reader. */
    private readonly control: Redis,
    private readonly memberId: string,
    private readonly logger: ServerLogger,
    /** Called after entries of a room were applied, with how many (the owner compacts after enough). */
    private readonly onApplied: (roomId: string, entries: number) => void,
  ) {
    reader.on('close', () => {
      this.readerId = undefined;
    });
    this.loop = this.run();
  }

  /** Starts following `room` from stream id `from` (where its load read up to). */
  follow(room: PeerRoom, from: string): void {
    const key = roomKeys(room.id).updates;
    this.followed.set(room.id, { room, key, position: from });
    this.byKey.set(key, room.id);
    this.wake();
  }

  /** Stops following a room. */
  unfollow(roomId: string): void {
    const entry = this.followed.get(roomId);
    if (!entry) return;
    this.followed.delete(roomId);
    this.byKey.delete(entry.key);
    this.wake();
  }

  /** The stream id up to which the room's updates are applied here. */
  positionOf(roomId: string): string | undefined {
    return this.followed.get(roomId)?.position;
  }

  /** Ends the loop (the connections are closed by their owner). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
  }

  private wake(): void {
    if (this.wakeIdle) {
      this.wakeIdle();
      this.wakeIdle = undefined;
    } else {
      this.unblock();
    }
  }

  /** Interrupts a blocked read; retried while the read is out but not yet blocked in Redis (UNBLOCK answers 0). */
  private unblock(): void {
    const id = this.readerId;
    if (!this.reading || id === undefined) return;
    this.control.client('UNBLOCK', id).then(
      (unblocked) => {
        if (Number(unblocked) === 0 && this.reading && this.readerId === id) setTimeout(() => this.unblock(), UNBLOCK_RETRY_MS);
      },
      () => undefined,
    );
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.followed.size === 0) {
        await new Promise<void>((resolve) => (this.wakeIdle = resolve));
        continue;
      }
      try {
        this.readerId ??= Number(await this.reader.client('ID'));
        const rooms = [...this.followed.values()];
        this.reading = true;
        const reply = await this.reader.xreadBuffer('COUNT', READ_COUNT, 'BLOCK', READ_BLOCK_MS, 'STREAMS', ...rooms.map((r) => r.key), ...rooms.map((r) => r.position));
        this.reading = false;
        if (reply) this.apply(reply as Array<[Buffer, Array<[Buffer, Buffer[]]>]>);
      } catch (error) {
        this.reading = false;
        if (this.stopped) return;
        this.logger.debug({ err: (error as Error).message }, 'reading room streams failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private apply(reply: Array<[Buffer, Array<[Buffer, Buffer[]]>]>): void {
    for (const [key, entries] of reply) {
      const roomId = this.byKey.get(key.toString());
      const followed = roomId === undefined ? undefined : this.followed.get(roomId);
      if (!followed) continue;
      let applied = 0;
      for (const [rawId, fields] of entries) {
        const id = rawId.toString();
        // A room reloaded while the read was out starts from its new load position.
        if (compareStreamIds(id, followed.position) <= 0) continue;
        followed.position = id;
        applied += 1;
        if (fieldOf(fields, 'm')?.toString() === this.memberId) continue;
        const update = fieldOf(fields, 'u');
        if (!update) continue;
        try {
          Y.applyUpdate(followed.room.doc, update, PEER_ORIGIN);
        } catch (error) {
          // Updates pass the gates before any member stores them; one that still fails is skipped, not fatal.
          this.logger.error({ room: followed.room.id, entry: id, err: (error as Error).message }, 'a stored update could not be applied');
        }
      }
      if (applied > 0) this.onApplied(followed.room.id, applied);
    }
  }
}
