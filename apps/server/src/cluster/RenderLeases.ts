import type { Redis } from 'ioredis';
import { roomKeys } from './clusterKeys.js';
import { acquireLease, releaseLease, renewLease } from './clusterScripts.js';

/** A lease this member holds. */
interface HeldLease {
  /** `<member id>:<token>`, as stored in Redis. */
  value: string;
  token: number;
  /** `performance.now()` of the last renewal Redis confirmed. */
  confirmedAt: number;
}

/**
 * The render leases this member holds: one per room it renders. A lease is a Redis key with a short TTL,
 * taken with SET-if-absent and a fencing token from INCR, extended by compare-and-extend, given up by
 * compare-and-delete. Locally a lease counts as lost as soon as Redis says it is someone else's, or when no
 * renewal was confirmed for a whole TTL (Redis unreachable: it may have expired there), whichever comes first.
 * Whatever this member believes, every write that needs the lease is checked inside Redis (see clusterScripts).
 */
export class RenderLeases {
  private readonly held = new Map<string, HeldLease>();

  constructor(
    private readonly redis: Redis,
    private readonly memberId: string,
    /** Lease time to live, ms. */
    readonly ttlMs: number,
  ) {}

  /** Rooms whose lease this member holds. */
  get rooms(): IterableIterator<string> {
    return this.held.keys();
  }

  get size(): number {
    return this.held.size;
  }

  /** The lease value (`<member>:<token>`) for the room, if this member holds its lease. */
  valueOf(roomId: string): string | undefined {
    return this.held.get(roomId)?.value;
  }

  /** The fencing token of this member's lease on the room, if held. */
  tokenOf(roomId: string): number | undefined {
    return this.held.get(roomId)?.token;
  }

  /** Tries to take the room's lease; resolves with the token, or undefined when another member holds it. */
  async acquire(roomId: string): Promise<number | undefined> {
    const keys = roomKeys(roomId);
    const token = Number(await acquireLease.run(this.redis, [keys.owner, keys.fence], [this.memberId, this.ttlMs]));
    if (!token) return undefined;
    this.held.set(roomId, { value: `${this.memberId}:${token}`, token, confirmedAt: performance.now() });
    return token;
  }

  /**
   * Which of `roomIds` this member may claim right now (one round trip): those without an owner in Redis, and
   * those whose lease is still this member's in Redis though it no longer trusts it here.
   */
  async vacant(roomIds: readonly string[]): Promise<string[]> {
    if (roomIds.length === 0) return [];
    const owners = await this.redis.mget(...roomIds.map((id) => roomKeys(id).owner));
    return roomIds.filter((id, i) => {
      const owner = owners[i];
      return owner === null || (owner?.startsWith(`${this.memberId}:`) === true && !this.held.has(id));
    });
  }

  /**
   * Extends every held lease (one pipelined round trip); resolves with the rooms whose lease is lost: taken
   * by someone else or expired, or unconfirmed for a whole TTL because Redis did not answer. Lost leases are
   * forgotten here.
   */
  async renewAll(): Promise<string[]> {
    const entries = [...this.held.entries()];
    if (entries.length === 0) return [];
    const lost: string[] = [];
    const results = await Promise.allSettled(entries.map(([roomId, lease]) => renewLease.run(this.redis, [roomKeys(roomId).owner], [lease.value, this.ttlMs])));
    const now = performance.now();
    results.forEach((result, i) => {
      const [roomId, lease] = entries[i]!;
      if (this.held.get(roomId) !== lease) return;
      if (result.status === 'fulfilled') {
        if (Number(result.value) === 1) lease.confirmedAt = now;
        else lost.push(roomId);
      } else if (now - lease.confirmedAt >= this.ttlMs) {
        lost.push(roomId);
      }
    });
    for (const roomId of lost) this.held.delete(roomId);
    return lost;
  }

  /** Forgets a lease Redis refused (a fenced write found it gone). */
  forget(roomId: string): void {
    this.held.delete(roomId);
  }

  /** Gives the room's lease up (compare-and-delete), so another member can take it without waiting for the TTL. */
  async release(roomId: string): Promise<void> {
    const lease = this.held.get(roomId);
    if (!lease) return;
    this.held.delete(roomId);
    await releaseLease.run(this.redis, [roomKeys(roomId).owner], [lease.value]);
  }
}
