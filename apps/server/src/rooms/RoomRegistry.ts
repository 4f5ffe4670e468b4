import { DEFAULT_SKETCH_LIMITS, type SketchLimits } from '@promptjam/protocol';
import type { ServerLogger } from '../log/createLogger.js';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';
import type { RenderScheduler } from '../render/RenderScheduler.js';
import type { RoomStorage } from '../store/RoomStorage.js';
import type { EngineLabel } from '../engine/EngineHost.js';
import type { CanvasRasterizer } from '../render/canvasChange.js';
import { SketchSurfaces } from '../render/SketchSurfaces.js';
import { Room, type FrameRecorder } from './Room.js';
import type { RoomPeers } from './RoomPeers.js';
import { startRendering } from './startRendering.js';

/** What the registry needs to make rooms. */
export interface RoomRegistryDeps {
  store: RoomStorage;
  scheduler: RenderScheduler;
  metrics: ServerMetrics;
  logger: ServerLogger;
  engineLabel(): EngineLabel;
  /** How long an empty room stays loaded, ms. */
  idleMs: number;
  /** Least time between two render statuses of a room, ms (see `RoomDeps.statusIntervalMs`); absent: no pacing. */
  statusIntervalMs?: number;
  /** Bounds of the strokes the renderer draws (the server's limits); the protocol's defaults when absent. */
  sketchLimits?: SketchLimits;
  /** Where room canvases are rasterised (the server's raster thread); in this thread when absent. */
  rasterizer?: CanvasRasterizer;
  /** Whether the engine can start frames from a picture (see `RoomDeps.engineDoesImg2img`); absent: it can. */
  engineDoesImg2img?: () => boolean;
  /** The cluster's other servers; absent on a single server, whose rooms all render here. */
  peers?: RoomPeers;
  /** Keeps rooms' refined frames for their timelapse (told when a room unloads); absent when none is kept. */
  timelapse?: FrameRecorder & { forget(roomId: string): void };
}

/** How long to wait before trying again to flush a room whose store writes failed, ms. */
const FLUSH_RETRY_MS = 5_000;

/**
 * Every loaded room, by id. A room is loaded from the store on first join (get-or-create; concurrent joins
 * share one load), and after its last client leaves and its idle period passes it is flushed to the store and
 * unloaded. A room whose flush fails stays loaded (no edit is dropped) and is flushed again later.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  /** Rooms being flushed for unload: a join waits for it, then loads the room afresh. */
  private readonly unloading = new Map<string, Promise<void>>();
  /** Where the rooms' canvases are drawn: the deps' raster thread, else this thread (kept pictures shared, bounded). */
  private readonly rasterizer: CanvasRasterizer;

  constructor(private readonly deps: RoomRegistryDeps) {
    this.rasterizer = deps.rasterizer ?? new SketchSurfaces();
  }

  /** Loaded rooms. */
  get size(): number {
    return this.rooms.size;
  }

  /** Open client connections across all rooms. */
  get connectionCount(): number {
    let count = 0;
    for (const room of this.rooms.values()) count += room.connections.size;
    return count;
  }

  /** A loaded room, if it is loaded. */
  get(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  /** Every loaded room. */
  all(): IterableIterator<Room> {
    return this.rooms.values();
  }

  /**
   * The room, loading it first if needed. Attach to it in the same tick as this resolves: a room is only
   * unloaded from a timer, so it cannot go away in between.
   */
  async acquire(roomId: string): Promise<Room> {
    for (;;) {
      const pendingUnload = this.unloading.get(roomId);
      if (pendingUnload) {
        await pendingUnload;
        continue;
      }
      const room = this.rooms.get(roomId);
      if (room) return room;
      let load = this.loading.get(roomId);
      if (!load) {
        load = this.load(roomId).finally(() => this.loading.delete(roomId));
        this.loading.set(roomId, load);
      }
      return load;
    }
  }

  /** Flushes every room to the store (shutdown). Resolves when all have finished, whether or not they succeeded. */
  async flushAll(): Promise<void> {
    const results = await Promise.allSettled([...this.rooms.values()].map((room) => room.flush()));
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0) this.deps.logger.error({ failed }, 'some rooms could not be flushed');
  }

  /** Destroys every room without flushing (after {@link flushAll}, at shutdown). */
  destroyAll(): void {
    for (const room of this.rooms.values()) this.drop(room);
  }

  private async load(roomId: string): Promise<Room> {
    const { store, scheduler, metrics, logger } = this.deps;
    const started = performance.now();
    let room: Room;
    try {
      const stored = await store.loadRoom(roomId);
      room = new Room(roomId, stored, {
        store,
        metrics,
        logger,
        engineLabel: this.deps.engineLabel,
        markDirty: (id) => scheduler.markDirty(id),
        onIdle: (r) => this.unloadWhenIdle(r),
        idleMs: this.deps.idleMs,
        statusIntervalMs: this.deps.statusIntervalMs,
        sketchLimits: this.deps.sketchLimits ?? DEFAULT_SKETCH_LIMITS,
        rasterizer: this.rasterizer,
        engineDoesImg2img: this.deps.engineDoesImg2img,
        peers: this.deps.peers,
        timelapse: this.deps.timelapse,
      });
    } catch (error) {
      metrics.countError('room_load');
      logger.error({ room: roomId, err: (error as Error).message }, 'room could not be loaded');
      throw error;
    }
    this.rooms.set(roomId, room);
    // In a cluster the room renders here only while this server holds its lease.
    if (this.deps.peers) this.deps.peers.roomLoaded(room);
    else startRendering(scheduler, room);
    logger.info({ room: roomId, ms: Math.round(performance.now() - started), seq: room.lastFrameMetadata?.seq ?? 0 }, 'room loaded');
    return room;
  }

  private unloadWhenIdle(room: Room): void {
    if (room.connections.size > 0 || this.rooms.get(room.id) !== room || this.unloading.has(room.id)) return;
    const unload = room.flush().then(
      () => {
        this.unloading.delete(room.id);
        this.drop(room);
        this.deps.logger.info({ room: room.id }, 'room unloaded');
      },
      (error: unknown) => {
        this.unloading.delete(room.id);
        this.deps.logger.error({ room: room.id, err: (error as Error).message }, 'flush failed; room stays loaded');
        setTimeout(() => this.unloadWhenIdle(room), FLUSH_RETRY_MS).unref();
      },
    );
    this.unloading.set(room.id, unload);
  }

  private drop(room: Room): void {
    this.deps.scheduler.unregister(room.id);
    this.deps.peers?.roomUnloaded(room.id);
    this.rooms.delete(room.id);
    room.destroy();
    this.deps.store.forget(room.id);
    this.deps.timelapse?.forget(room.id);
  }
}
