import { performance } from 'node:perf_hooks';
import {
  DEFAULT_SKETCH_LIMITS,
  decodeServerMessage,
  encodeFrameMessage,
  encodeStatusMessage,
  MessageType,
  type FrameImg2Img,
  type FrameMetadata,
  type RoomStatus,
  type SketchLimits,
} from '@promptjam/protocol';
import type { GenerateResult, RawImage } from '@promptjam/diffusion';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Connection, ConnectionRoom } from '../connection/Connection.js';
import { encodeAwarenessMessage, encodeSyncStep1, encodeSyncUpdate } from '../connection/syncMessages.js';
import type { EngineLabel } from '../engine/EngineHost.js';
import type { ServerLogger } from '../log/createLogger.js';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';
import type { CanvasRasterizer } from '../render/canvasChange.js';
import { frameSteps } from '../render/renderRequest.js';
import type { RenderProgress, RenderClient, RenderInput, RenderJob } from '../render/renderTypes.js';
import type { RoomStorage, StoredFrame, StoredRoom } from '../store/RoomStorage.js';
import { CanvasRaster } from './CanvasRaster.js';
import { readRenderInput } from './roomDocument.js';
import { PEER_ORIGIN, type PeerRoom, type RoomPeers } from './RoomPeers.js';
import { StatusPacer } from './StatusPacer.js';

/** What every room of a server shares. */
export interface RoomDeps {
  store: RoomStorage;
  metrics: ServerMetrics;
  logger: ServerLogger;
  /** The model's display name and demo flag, for status and frame metadata. */
  engineLabel(): EngineLabel;
  /** The room's prompt or params may have changed. */
  markDirty(roomId: string): void;
  /** The room has had no clients for its idle period. */
  onIdle(room: Room): void;
  /** Idle period in ms. */
  idleMs: number;
  /** Least time between two render-status messages of the room, ms (see {@link StatusPacer}); 0 or absent: no pacing. */
  statusIntervalMs?: number;
  /** Bounds of the strokes the renderer draws; the protocol's defaults when absent. */
  sketchLimits?: SketchLimits;
  /** Where the room's canvas is rasterised (and its picture kept between changes). */
  rasterizer: CanvasRasterizer;
  /**
   * Whether the engine can start frames from a picture (it has a VAE encoder); false renders rooms with a canvas
   * text-to-image with {@link CANVAS_IGNORED_NO_VAE_ENCODER} in the frame metadata. Absent: it can.
   */
  engineDoesImg2img?: () => boolean;
  /** The other servers of a cluster; absent on a single server. */
  peers?: RoomPeers;
  /** Keeps the room's refined frames for its timelapse; absent when no history is kept (cluster mode). */
  timelapse?: FrameRecorder;
}

/** Where a room hands every frame it rendered and showed (the timelapse keeps the refined ones). */
export interface FrameRecorder {
  record(roomId: string, metadata: FrameMetadata, image: Uint8Array): void;
}

/** Why a room's sketch or starting image did not shape its frame, for people (frame metadata `canvasIgnored`). */
export const CANVAS_IGNORED_NO_VAE_ENCODER = "This model has no VAE encoder, so it cannot start from the sketch: frames are made from the prompt alone.";

/** The pixels of a canvas known only from a stored frame's metadata: comparing inputs needs only the digest. */
const NO_PIXELS: RawImage = Object.freeze({ data: new Uint8Array(), width: 0, height: 0, channels: 4 });

/** Transaction origin of updates replayed from the store (they are not stored again). */
const STORE_ORIGIN = Symbol('store');

/**
 * Stored updates after which a room's document is compacted into one update (each keystroke is one update;
 * replaying thousands of them on every load would slow loads down).
 */
export const COMPACT_AFTER_UPDATES = 500;

/**
 * A room's newest frame is written to the store at most this often (and always when the room flushes). Frames
 * are derived data: after a crash the room redraws whatever its stored frame lags behind, so writing every frame
 * of a fast typist (tens of kilobytes each) would only add disk work and LevelDB compactions.
 */
export const FRAME_SAVE_INTERVAL_MS = 1_000;

/**
 * One room: its Yjs document (the prompt and params), its awareness (presence), its clients and its last frame.
 * Document updates are stored as they arrive and relayed to the other clients; frames and status messages
 * are encoded once and the same bytes go to every client.
 */
export class Room implements ConnectionRoom, RenderClient, PeerRoom {
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly connections = new Set<Connection>();
  /** The newest frame, preview or refined: what a joining client sees first. */
  private frame: StoredFrame | null;
  /** The frame the store keeps: the newest refined one, or the newest of any quality until there is one. */
  private keptFrame: StoredFrame | null;
  /** The newest frame seq sent; never goes back, across restarts too. */
  private seq: number;
  private statusMessage: Uint8Array;
  private idleTimer: NodeJS.Timeout | undefined;
  private frameSaveTimer: NodeJS.Timeout | undefined;
  /** The newest frame has not been written to the store yet. */
  private frameUnsaved = false;
  /** Updates stored one by one since the document was last compacted. */
  private storedUpdates: number;
  /** The room's canvas, rasterised ahead of its frames. */
  private readonly canvasRaster: CanvasRaster;
  /** Render statuses go out through this, at most one per interval (the newest). */
  private readonly statusPacer: StatusPacer;

  constructor(
    readonly id: string,
    stored: StoredRoom,
    private readonly deps: RoomDeps,
  ) {
    // Replaying a corrupt update throws here, so a room that cannot be read never appears as an empty one.
    Y.transact(this.doc, () => stored.updates.forEach((update) => Y.applyUpdate(this.doc, update)), STORE_ORIGIN);
    this.frame = stored.frame;
    this.keptFrame = stored.frame;
    this.seq = stored.seq;
    this.storedUpdates = stored.updates.length;
    this.awareness = new Awareness(this.doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.statusMessage = this.encodeStatus({ state: 'idle' });
    this.statusPacer = new StatusPacer(deps.statusIntervalMs ?? 0, this.publishStatus);
    this.canvasRaster = new CanvasRaster(
      id,
      this.doc,
      deps.sketchLimits ?? DEFAULT_SKETCH_LIMITS,
      deps.rasterizer,
      () => readRenderInput(this.doc).params,
      () => deps.markDirty(this.id),
      (error) => this.deps.logger.warn({ room: this.id, err: error.message }, 'rasterising the sketch failed'),
      () => deps.engineDoesImg2img?.() !== false,
    );
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * What the stored frame was rendered from, if there is one. Frames keep only their canvas's digest, not its
   * strokes, which is all that comparing inputs needs.
   */
  get lastRenderedInput(): RenderInput | undefined {
    if (!this.frame) return undefined;
    const { prompt, params, img2img } = this.frame.metadata;
    const input: RenderInput = { prompt, params };
    if (img2img) input.canvas = { digest: img2img.canvas, pixels: NO_PIXELS, strokes: img2img.strokes, image: img2img.image };
    if (this.frame.metadata.canvasIgnored !== undefined) input.canvasIgnored = this.frame.metadata.canvasIgnored;
    return input;
  }

  /** The newest frame's metadata, if any. */
  get lastFrameMetadata(): FrameMetadata | undefined {
    return this.frame?.metadata;
  }

  renderInput(): RenderInput {
    const input = readRenderInput(this.doc);
    if (this.deps.engineDoesImg2img?.() === false) {
      // Text-to-image anyway, saying why, rather than an engine error on every frame.
      if (this.canvasRaster.hasCanvas) input.canvasIgnored = CANVAS_IGNORED_NO_VAE_ENCODER;
      return input;
    }
    const canvas = this.canvasRaster.current();
    if (canvas !== undefined) input.canvas = canvas;
    return input;
  }

  latestFrame(): Uint8Array | undefined {
    return this.frame?.message;
  }

  /** The status message clients joining now receive. */
  latestStatus(): Uint8Array {
    return this.statusMessage;
  }

  attach(connection: Connection): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.connections.add(connection);
    connection.outbound.sendReliable(encodeSyncStep1(this.doc));
    if (this.awareness.getStates().size > 0) connection.outbound.sendReliable(encodeAwarenessMessage(this.awareness));
    connection.outbound.sendReliable(this.statusMessage);
  }

  detach(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    if (connection.awarenessClientIds.size > 0) {
      removeAwarenessStates(this.awareness, [...connection.awarenessClientIds], null);
    }
    if (this.connections.size === 0) this.startIdleTimer();
  }

  releaseUnattached(): void {
    if (this.connections.size === 0) this.startIdleTimer();
  }

  onProgress(progress: RenderProgress): void {
    this.statusPacer.offer(this.encodeStatus(progress));
  }

  /** Sends a (paced) status to this server's clients, and in a cluster to the room's other servers first. */
  private readonly publishStatus = (message: Uint8Array): void => {
    const { peers } = this.deps;
    if (!peers) {
      this.deliverStatus(message);
      return;
    }
    peers.publishStatus(this.id, message).then(
      (owned) => {
        if (owned) this.deliverStatus(message);
      },
      (error: unknown) => this.publishFailed('status', error),
    );
  };

  raiseSeq(seq: number): void {
    if (Number.isSafeInteger(seq)) this.seq = Math.max(this.seq, seq);
  }

  /** A status this server tells its own clients only (cluster trouble); it is not published to peers. */
  showLocalStatus(progress: RenderProgress): void {
    this.deliverStatus(this.encodeStatus(progress));
  }

  /** A status message the room's owner published (cluster mode). */
  receivePeerStatus(message: Uint8Array): void {
    this.deliverStatus(message);
  }

  /** A frame message the room's owner published (cluster mode); a frame older than the newest one is ignored. */
  receivePeerFrame(message: Uint8Array): void {
    const decoded = decodeServerMessage(message);
    if (decoded.error !== undefined || decoded.value?.type !== MessageType.Frame) {
      this.deps.logger.warn({ room: this.id, err: decoded.error ?? 'not a frame message' }, 'ignoring an unreadable frame from a peer');
      return;
    }
    const { metadata } = decoded.value;
    if (metadata.seq <= (this.frame?.metadata.seq ?? 0)) return;
    this.seq = Math.max(this.seq, metadata.seq);
    this.deliverFrame({ metadata, message });
  }

  onFrame(job: RenderJob, result: GenerateResult): void {
    const { model, demo } = this.deps.engineLabel();
    const metadata: FrameMetadata = {
      seq: ++this.seq,
      prompt: job.input.prompt,
      params: job.input.params,
      quality: job.quality,
      mime: result.mime,
      width: result.width,
      height: result.height,
      model,
      demo,
      genMs: result.genMs,
      startedAt: job.startedAt,
      timings: result.timings,
      ...(result.promptTokens !== undefined ? { promptTokens: result.promptTokens } : {}),
    };
    const img2img = img2imgOf(job);
    if (img2img) metadata.img2img = img2img;
    if (job.input.canvasIgnored !== undefined) metadata.canvasIgnored = job.input.canvasIgnored;
    // Encoded once; every client (on every server of a cluster) gets the same buffer.
    const frame: StoredFrame = { metadata, message: encodeFrameMessage(metadata, result.image) };
    const { metrics, peers } = this.deps;
    metrics.framesRendered.inc();
    metrics.framesByQuality.inc({ quality: job.quality });
    metrics.generationSeconds.observe(result.genMs / 1000);
    if (!peers) {
      this.deliverRenderedFrame(job, frame, result.image);
      return;
    }
    peers.publishFrame(this.id, frame.message).then(
      (owned) => {
        if (owned) this.deliverRenderedFrame(job, frame, result.image);
      },
      (error: unknown) => this.publishFailed('frame', error),
    );
  }

  /** Sends a frame this server rendered to its clients and stores it (the seq at once, the frame at most once a second). */
  private deliverRenderedFrame(job: RenderJob, frame: StoredFrame, image: Uint8Array): void {
    const { metadata } = frame;
    const keep = this.deliverFrame(frame);
    this.deps.timelapse?.record(this.id, metadata, image);
    this.deps.metrics.renderLatencySeconds.observe((performance.now() - job.dirtySinceMs) / 1000);
    this.deps.store.saveSeq(this.id, metadata.seq).catch((error: unknown) => this.storeFailed('frame seq', error));
    if (!keep) return;
    this.frameUnsaved = true;
    this.frameSaveTimer ??= setTimeout(() => {
      this.frameSaveTimer = undefined;
      this.saveFrame().catch((error: unknown) => this.storeFailed('frame', error));
    }, FRAME_SAVE_INTERVAL_MS);
  }

  onRenderError(job: RenderJob, error: Error): void {
    this.deps.logger.warn({ room: this.id, err: error.message, prompt: job.input.prompt.slice(0, 80) }, 'generation failed');
    this.deps.metrics.countError('generation');
    this.onProgress({ state: 'error', message: `Rendering failed: ${error.message}` });
  }

  /**
   * Writes the whole document as one update (replacing the stored updates, including any whose write failed)
   * and the newest frame if the store lacks it. The registry unloads a room only after this succeeded.
   */
  async flush(): Promise<void> {
    this.storedUpdates = 1;
    await this.deps.store.compact(this.id, Y.encodeStateAsUpdate(this.doc));
    await this.saveFrame();
  }

  /**
   * Makes `frame` the room's newest and sends it to every client that finished its join sequence. Returns
   * whether it is the frame to store: previews are stand-ins for a refine that usually follows within the
   * refine pause, so the store keeps refined frames.
   */
  private deliverFrame(frame: StoredFrame): boolean {
    this.frame = frame;
    const keep = frame.metadata.quality === 'refined' || this.keptFrame?.metadata.quality !== 'refined';
    if (keep) this.keptFrame = frame;
    for (const connection of this.connections) {
      // A client still syncing gets this frame at the end of its join sequence instead.
      if (connection.receivesFrames) connection.outbound.sendFrame(frame.message);
    }
    this.statusPacer.frameSent();
    return keep;
  }

  private deliverStatus(message: Uint8Array): void {
    this.statusMessage = message;
    for (const connection of this.connections) connection.outbound.sendReliable(message);
  }

  /** Writes the newest frame if the store does not have it yet. */
  private async saveFrame(): Promise<void> {
    clearTimeout(this.frameSaveTimer);
    this.frameSaveTimer = undefined;
    if (!this.frameUnsaved || !this.keptFrame) return;
    this.frameUnsaved = false;
    try {
      await this.deps.store.saveFrame(this.id, this.keptFrame);
    } catch (error) {
      this.frameUnsaved = true;
      throw error;
    }
  }

  /** Releases the document, awareness and timers. The room must have no clients. */
  destroy(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.frameSaveTimer);
    this.statusPacer.cancel();
    this.canvasRaster.close();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === STORE_ORIGIN) return;
    if (origin === PEER_ORIGIN) {
      // Stored by the peer that received it: relay to every client here.
      const message = encodeSyncUpdate(update);
      for (const connection of this.connections) connection.outbound.sendReliable(message);
      this.deps.markDirty(this.id);
      return;
    }
    // Persist before relaying: once another client has seen an edit, it survives a crash of this process
    // (kill -9). The store writes one room's updates in order, so relays keep arrival order. A failed write
    // keeps the document in memory (flushed later) and the edit is relayed anyway.
    const message = encodeSyncUpdate(update);
    const recipients = [...this.connections].filter((connection) => connection !== origin);
    const relay = (): void => {
      for (const connection of recipients) if (!connection.isClosed) connection.outbound.sendReliable(message);
    };
    this.deps.store.appendUpdate(this.id, update).then(relay, (error: unknown) => {
      this.storeFailed('update', error);
      relay();
    });
    if (++this.storedUpdates > COMPACT_AFTER_UPDATES) {
      this.flush().catch((error: unknown) => this.storeFailed('compacted document', error));
    }
    this.deps.markDirty(this.id);
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const from = this.connections.has(origin as Connection) ? (origin as Connection) : undefined;
    if (from) {
      for (const clientId of added) from.awarenessClientIds.add(clientId);
      for (const clientId of removed) from.awarenessClientIds.delete(clientId);
    }
    const changed = [...added, ...updated, ...removed];
    if (origin !== PEER_ORIGIN) this.deps.peers?.publishAwareness(this.id, encodeAwarenessUpdate(this.awareness, changed));
    const message = encodeAwarenessMessage(this.awareness, changed);
    for (const connection of this.connections) {
      if (connection !== from) connection.outbound.sendReliable(message);
    }
  };

  private publishFailed(what: string, error: unknown): void {
    // Not delivered: a server that cannot reach its peers cannot prove it still owns the room.
    this.deps.metrics.countError('store');
    this.deps.logger.warn({ room: this.id, err: (error as Error).message }, `publishing the room's ${what} failed`);
  }

  private storeFailed(what: string, error: unknown): void {
    // The document stays in memory; `flush()` writes it whole, and the room does not unload until that succeeds.
    this.deps.metrics.countError('store');
    this.deps.logger.error({ room: this.id, err: (error as Error).message }, `storing the room's ${what} failed`);
  }

  private startIdleTimer(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.deps.onIdle(this), this.deps.idleMs);
  }

  private encodeStatus(progress: RenderProgress): Uint8Array {
    const { model, demo } = this.deps.engineLabel();
    const status: RoomStatus = { ...progress, model, demo };
    return encodeStatusMessage(status);
  }
}

/** How `job`'s frame was rendered img2img, for its metadata; undefined for text-to-image. */
function img2imgOf({ input, quality }: RenderJob): FrameImg2Img | undefined {
  const { params, canvas } = input;
  if (canvas === undefined) return undefined;
  return { strength: params.strength, steps: frameSteps(input, quality), strokes: canvas.strokes, image: canvas.image, canvas: canvas.digest };
}
