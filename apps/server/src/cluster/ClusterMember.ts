import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import type { ServerLogger } from '../log/createLogger.js';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';
import type { RenderScheduler } from '../render/RenderScheduler.js';
import { COMPACT_AFTER_UPDATES } from '../rooms/Room.js';
import { PEER_ORIGIN, type PeerRoom, type RoomPeers } from '../rooms/RoomPeers.js';
import { startRendering } from '../rooms/startRendering.js';
import { roomIdOfBus, roomKeys } from './clusterKeys.js';
import { fencedPublish } from './clusterScripts.js';
import { ClusterMetrics } from './ClusterMetrics.js';
import { clusterRedisOptions, COMMAND_TIMEOUT_MS, connectRedis, redactUrl } from './connectRedis.js';
import { RedisRoomStore } from './RedisRoomStore.js';
import { RenderLeases } from './RenderLeases.js';
import { BusKind, decodeBusMessage, encodeBusMessage } from './roomBus.js';
import { READ_BLOCK_MS, StreamFollower } from './StreamFollower.js';

/** Render lease time to live: a dead owner's rooms are taken over after at most this plus one claim round, ms. */
export const LEASE_TTL_MS = 2_000;
/** Leases are renewed, and vacant rooms looked for, this often (a quarter of the TTL), ms. */
const LEASE_TICK_MS = LEASE_TTL_MS / 4;
/** A member waits this long per unit of load (rooms rendered + rooms queued) before claiming a vacant room, ms. */
const CLAIM_DELAY_PER_LOAD_MS = 100;
/** Longest load-based wait before a claim, ms. */
const MAX_CLAIM_DELAY_MS = 1_000;
/** Random wait added to every claim, so equally loaded members do not all try at once, ms. */
const CLAIM_JITTER_MS = 50;
/**
 * A draining member still claims a vacant room after this long: only a room no other member took (its clients
 * are all here) comes back to it, so draining never leaves a room without a renderer, ms.
 */
const DRAINING_CLAIM_DELAY_MS = 3 * LEASE_TTL_MS;

/** What a member is doing, for `/readyz`. */
export interface ClusterHealth {
  /** This member's id (host, pid, random suffix). */
  member: string;
  redis: 'connected' | 'unreachable';
  /** Taking no rooms (rolling restart). */
  draining: boolean;
  /** Rooms this member renders. */
  ownedRooms: number;
}

/** How a member is made. */
export interface ClusterMemberOptions {
  /** `redis://host:port` (or `rediss://`, with credentials if needed). */
  url: string;
  scheduler: RenderScheduler;
  metrics: ServerMetrics;
  logger: ServerLogger;
  /** Whether this member can render now (its model has loaded); one that cannot takes no rooms. */
  canRender(): boolean;
}

/**
 * This server as one member of a cluster sharing rooms through Redis. It is the rooms' {@link RoomPeers}: it
 * stores documents in Redis ({@link RedisRoomStore}), follows the other members' updates
 * ({@link StreamFollower}), shares presence, frames and status on each room's bus channel, and renders a room
 * only while it holds the room's fenced render lease ({@link RenderLeases}), claiming vacant rooms with a delay
 * that grows with its load so rooms spread over the least busy members.
 */
export class ClusterMember implements RoomPeers {
  readonly store: RedisRoomStore;
  private readonly rooms = new Map<string, PeerRoom>();
  private readonly leases: RenderLeases;
  private readonly follower: StreamFollower;
  private readonly clusterMetrics: ClusterMetrics;
  /** Stream entries applied per owned room since it was last compacted here. */
  private readonly sinceCompaction = new Map<string, number>();
  private readonly claiming = new Set<string>();
  /** Rooms whose failed appends are being republished. */
  private readonly reconciling = new Set<string>();
  private readonly ticker: NodeJS.Timeout;
  private redisUp = true;
  private draining = false;
  private closed = false;
  private ticking = false;

  private constructor(
    readonly memberId: string,
    private readonly main: Redis,
    private readonly reader: Redis,
    private readonly subscriber: Redis,
    private readonly options: ClusterMemberOptions,
  ) {
    this.leases = new RenderLeases(main, memberId, LEASE_TTL_MS);
    this.store = new RedisRoomStore(main, {
      memberId,
      leaseOf: (roomId) => this.leases.valueOf(roomId),
      followedUpTo: (roomId) => this.follower.positionOf(roomId),
      onClose: () => this.close(),
    });
    this.follower = new StreamFollower(reader, main, memberId, options.logger, (roomId, entries) => this.countForCompaction(roomId, entries));
    this.clusterMetrics = new ClusterMetrics(options.metrics.registry, {
      redisUp: () => this.redisUp,
      ownedRooms: () => this.leases.size,
      draining: () => this.draining,
    });
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onBusMessage(channel.toString(), message));
    main.on('close', () => this.redisLost());
    main.on('ready', () => this.redisBack());
    this.ticker = setInterval(() => void this.tick(), LEASE_TICK_MS);
  }

  /** Connects to Redis (three connections: commands, the stream reader, pub/sub); throws `ClusterConnectError`. */
  static async connect(options: ClusterMemberOptions): Promise<ClusterMember> {
    const memberId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const main = await connectRedis(options.url, clusterRedisOptions(`promptjam:${memberId}`));
    const reader = await connectRedis(options.url, clusterRedisOptions(`promptjam:${memberId}:reader`, { commandTimeout: READ_BLOCK_MS + COMMAND_TIMEOUT_MS }));
    // Subscriptions wait for a reconnection instead of failing, and are renewed after it.
    const subscriber = await connectRedis(options.url, clusterRedisOptions(`promptjam:${memberId}:bus`, { enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined }));
    options.logger.info({ member: memberId, redis: redactUrl(options.url) }, 'joined the cluster');
    return new ClusterMember(memberId, main, reader, subscriber, options);
  }

  /** For `/readyz`. */
  health(): ClusterHealth {
    return { member: this.memberId, redis: this.redisUp ? 'connected' : 'unreachable', draining: this.draining, ownedRooms: this.leases.size };
  }

  /** Why this member should get no new clients, in words (empty when it should). */
  notReadyReasons(): string[] {
    const reasons: string[] = [];
    if (!this.redisUp) reasons.push('cluster store (Redis) unreachable');
    if (this.draining) reasons.push('draining');
    return reasons;
  }

  /** Whether this member renders the room now. */
  owns(roomId: string): boolean {
    return this.leases.valueOf(roomId) !== undefined;
  }

  roomLoaded(room: PeerRoom): void {
    this.rooms.set(room.id, room);
    const { bus } = roomKeys(room.id);
    this.subscriber.subscribe(bus).then(
      // Subscribed: ask the owner for what may have been published before (newer than the stored frame).
      () => this.main.publish(bus, encodeBusMessage(BusKind.CatchUp, this.memberId, new Uint8Array())),
      (error: unknown) => this.options.logger.warn({ room: room.id, err: (error as Error).message }, 'subscribing to the room bus failed'),
    ).catch(() => undefined);
    this.follower.follow(room, this.store.takeLoadPosition(room.id));
    setImmediate(() => void this.tick());
  }

  roomUnloaded(roomId: string): void {
    this.rooms.delete(roomId);
    this.sinceCompaction.delete(roomId);
    this.follower.unfollow(roomId);
    this.subscriber.unsubscribe(roomKeys(roomId).bus).catch(() => undefined);
    void this.release(roomId);
  }

  publishAwareness(roomId: string, update: Uint8Array): void {
    this.main.publish(roomKeys(roomId).bus, encodeBusMessage(BusKind.Awareness, this.memberId, update)).catch(() => undefined);
  }

  async publishFrame(roomId: string, message: Uint8Array): Promise<boolean> {
    const published = await this.publishFenced(roomId, BusKind.Frame, message);
    if (published) this.clusterMetrics.framesPublished.inc();
    return published;
  }

  publishStatus(roomId: string, message: Uint8Array): Promise<boolean> {
    return this.publishFenced(roomId, BusKind.Status, message);
  }

  /**
   * Stops taking rooms and hands over the ones it renders: each finishes the frame in flight (delivered, not
   * rendered twice), is compacted, and its lease is given up, so a member that shares the room takes it at
   * its next claim round. Resolves when every room has been handed over.
   */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    this.options.logger.info({ member: this.memberId, rooms: this.leases.size }, 'draining: handing rooms over');
    await Promise.allSettled([...this.leases.rooms].map((roomId) => this.handOver(roomId)));
  }

  /** Stops the timers and the follower, gives up every lease and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ticker);
    await Promise.allSettled([...this.leases.rooms].map((roomId) => this.release(roomId)));
    await this.follower.stop();
    this.reader.disconnect();
    await Promise.allSettled([this.main.quit(), this.subscriber.quit()]);
  }

  private async handOver(roomId: string): Promise<void> {
    await this.options.scheduler.handOver(roomId);
    const room = this.rooms.get(roomId);
    if (room) await room.flush().catch((error: unknown) => this.options.logger.warn({ room: roomId, err: (error as Error).message }, 'compacting before the hand-over failed'));
    await this.release(roomId);
  }

  /** Gives the room's lease up and tells the room's members, so one of them takes it without waiting for a round. */
  private async release(roomId: string): Promise<void> {
    if (!this.owns(roomId)) return;
    try {
      await this.leases.release(roomId);
      await this.main.publish(roomKeys(roomId).bus, encodeBusMessage(BusKind.Released, this.memberId, new Uint8Array()));
    } catch (error) {
      // The lease then expires on its own after its TTL.
      this.options.logger.debug({ room: roomId, err: (error as Error).message }, 'releasing a render lease failed');
    }
  }

  private async publishFenced(roomId: string, kind: BusKind, message: Uint8Array): Promise<boolean> {
    const lease = this.leases.valueOf(roomId);
    if (!lease) return false;
    const keys = roomKeys(roomId);
    let published: boolean;
    try {
      published = Number(await fencedPublish.run(this.main, [keys.owner], [lease, keys.bus, encodeBusMessage(kind, this.memberId, message)])) === 1;
    } catch (error) {
      // Nobody saw it, and the scheduler believes it rendered: stop rendering, and a later claim redraws.
      this.loseIfStill(roomId, lease, `publishing failed: ${(error as Error).message}`);
      throw error;
    }
    if (!published) {
      this.clusterMetrics.fencedPublishes.inc();
      this.loseIfStill(roomId, lease, 'a fenced publish found the lease gone');
    }
    return published;
  }

  private onBusMessage(channel: string, bytes: Buffer): void {
    const roomId = roomIdOfBus(channel);
    const room = roomId === undefined ? undefined : this.rooms.get(roomId);
    if (!room) return;
    const decoded = decodeBusMessage(bytes);
    if (decoded.error !== undefined) {
      this.options.logger.warn({ room: roomId, err: decoded.error }, 'ignoring an unreadable bus message');
      return;
    }
    const { kind, from, payload } = decoded.value;
    if (from === this.memberId) return;
    if (kind === BusKind.Frame) room.receivePeerFrame(payload);
    else if (kind === BusKind.Status) room.receivePeerStatus(payload);
    else if (kind === BusKind.Released) this.scheduleClaim(room.id);
    else if (kind === BusKind.CatchUp) this.republish(room);
    else {
      try {
        applyAwarenessUpdate(room.awareness, payload, PEER_ORIGIN);
      } catch (error) {
        this.options.logger.warn({ room: roomId, err: (error as Error).message }, 'ignoring an unreadable presence update from a peer');
      }
    }
  }

  /** The owner's answer to a member that just loaded the room: its newest frame and status, as they were sent. */
  private republish(room: PeerRoom): void {
    if (!this.owns(room.id)) return;
    const frame = room.latestFrame();
    const sends = [this.publishFenced(room.id, BusKind.Status, room.latestStatus())];
    if (frame) sends.push(this.publishFenced(room.id, BusKind.Frame, frame));
    Promise.all(sends).catch(() => undefined);
  }

  /** One lease round: renew what is held, then look for vacant rooms to claim. */
  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      for (const roomId of await this.leases.renewAll()) this.lose(roomId, 'lease expired or taken over');
      if (!this.redisUp) return;
      this.reconcileUnsynced();
      if (this.options.canRender()) await this.claimVacant();
    } catch (error) {
      this.options.logger.debug({ err: (error as Error).message }, 'lease round failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Republishes the document of every room with a failed append (a flush does it); one flush per room at a time. */
  private reconcileUnsynced(): void {
    for (const room of this.rooms.values()) {
      if (!this.store.isUnsynced(room.id) || this.reconciling.has(room.id)) continue;
      this.reconciling.add(room.id);
      room.flush().then(
        () => {
          this.reconciling.delete(room.id);
          room.showLocalStatus({ state: 'idle' });
        },
        (error: unknown) => {
          this.reconciling.delete(room.id);
          this.options.logger.warn({ room: room.id, err: (error as Error).message }, 'reconciling a room failed; retrying');
        },
      );
    }
  }

  private async claimVacant(): Promise<void> {
    const candidates = [...this.rooms.keys()].filter((id) => !this.owns(id) && !this.claiming.has(id));
    for (const roomId of await this.leases.vacant(candidates)) this.scheduleClaim(roomId);
  }

  /** Tries to take the room after this member's load-based delay (once at a time per room). */
  private scheduleClaim(roomId: string): void {
    if (this.closed || !this.redisUp || this.owns(roomId) || this.claiming.has(roomId) || !this.options.canRender()) return;
    this.claiming.add(roomId);
    setTimeout(() => void this.claim(roomId), this.claimDelayMs() + Math.random() * CLAIM_JITTER_MS);
  }

  /** Busier members wait longer, so the least loaded member that shares a room usually takes it. */
  private claimDelayMs(): number {
    if (this.draining) return DRAINING_CLAIM_DELAY_MS;
    const { scheduler } = this.options;
    const load = this.leases.size + scheduler.queueDepth + (scheduler.busy ? 1 : 0);
    return Math.min(load * CLAIM_DELAY_PER_LOAD_MS, MAX_CLAIM_DELAY_MS);
  }

  private async claim(roomId: string): Promise<void> {
    try {
      const room = this.rooms.get(roomId);
      if (!room || this.closed || !this.options.canRender()) return;
      const token = await this.leases.acquire(roomId);
      if (token === undefined) return;
      if (this.rooms.get(roomId) !== room || this.closed) {
        await this.leases.release(roomId);
        return;
      }
      // A frame of the previous owner this member missed (pub/sub is at most once) still counts for seq.
      room.raiseSeq(Number(await this.main.get(roomKeys(roomId).seq).catch(() => null)));
      this.clusterMetrics.leasesAcquired.inc();
      this.options.logger.info({ room: roomId, token, member: this.memberId }, 'render lease taken');
      startRendering(this.options.scheduler, room);
    } catch (error) {
      this.options.logger.debug({ room: roomId, err: (error as Error).message }, 'claiming a room failed');
    } finally {
      this.claiming.delete(roomId);
    }
  }

  /** Stops trusting the lease `lease` of the room, if it is still the one held here. */
  private loseIfStill(roomId: string, lease: string, why: string): void {
    if (this.leases.valueOf(roomId) !== lease) return;
    this.leases.forget(roomId);
    this.lose(roomId, why);
  }

  private lose(roomId: string, why: string): void {
    this.options.scheduler.unregister(roomId);
    this.sinceCompaction.delete(roomId);
    this.clusterMetrics.leasesLost.inc();
    this.options.logger.warn({ room: roomId, member: this.memberId, why }, 'render lease lost; no longer rendering the room');
  }

  /** The owner compacts a room once enough stream entries accumulated (any member's). */
  private countForCompaction(roomId: string, entries: number): void {
    if (!this.owns(roomId)) return;
    const count = (this.sinceCompaction.get(roomId) ?? 0) + entries;
    if (count < COMPACT_AFTER_UPDATES) {
      this.sinceCompaction.set(roomId, count);
      return;
    }
    this.sinceCompaction.set(roomId, 0);
    this.rooms.get(roomId)?.flush().catch((error: unknown) => this.options.logger.warn({ room: roomId, err: (error as Error).message }, 'compaction failed'));
  }

  private redisLost(): void {
    if (!this.redisUp || this.closed) return;
    this.redisUp = false;
    this.options.logger.error({ member: this.memberId }, 'lost the cluster Redis; edits stay here until it returns, frames pause');
    for (const room of this.rooms.values()) {
      room.showLocalStatus({ state: 'error', message: 'The cluster store is unreachable: keep editing, your edits are kept and sync when it returns; frames are paused.' });
    }
  }

  private redisBack(): void {
    if (this.redisUp || this.closed) return;
    this.redisUp = true;
    this.options.logger.info({ member: this.memberId }, 'the cluster Redis is back; reconciling rooms');
    // Each flush republishes a room's document if any of its appends failed (Yjs merges the duplicates).
    this.reconcileUnsynced();
    for (const room of this.rooms.values()) if (!this.reconciling.has(room.id)) room.showLocalStatus({ state: 'idle' });
  }
}
