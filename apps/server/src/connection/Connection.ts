import * as decoding from 'lib0/decoding';
import { CloseCode, MessageType, clampCloseReason, isSendableCloseCode } from '@promptjam/protocol';
import type { RawData, WebSocket } from 'ws';
import { applyAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import { messageYjsSyncStep1 } from 'y-protocols/sync';
import * as Y from 'yjs';
import type { ServerLogger } from '../log/createLogger.js';
import type { ClientMessageInfo, CloseListener, ConnectionAccess, ConnectionInfo, MessageGate } from './gates.js';
import { readClientMessageHeader, type ClientMessageHeader } from './clientMessage.js';
import type { HeartbeatPeer } from './HeartbeatSweep.js';
import { OutboundChannel, type CorkableTransport, type FrameCounters, type OutboundLimits } from './OutboundChannel.js';
import { encodeAwarenessMessage, encodeSyncStep2 } from './syncMessages.js';

/** What a connection needs from its room. */
export interface ConnectionRoom {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Adds the connection and sends it the room's opening messages. */
  attach(connection: Connection): void;
  /** Removes the connection (it closed). */
  detach(connection: Connection): void;
  /** The room's newest frame message, if it has one. */
  latestFrame(): Uint8Array | undefined;
  /** Called when a connection for this room closed before it was attached (so an empty room can unload). */
  releaseUnattached(): void;
}

/** Shared by every connection of a server. */
export interface ConnectionDeps {
  limits: OutboundLimits;
  messageGates: readonly MessageGate[];
  closeListeners: readonly CloseListener[];
  counters: FrameCounters;
  logger: ServerLogger;
  /** Counts a connection that failed or was closed for misbehaving. */
  onConnectionError(): void;
}

/** Messages a client may send before its room has loaded; they are handled once it has. */
const MAX_EARLY_MESSAGES = 32;
/** How long a client closed as a slow consumer gets to read the close frame before its socket is destroyed. */
const SLOW_CLOSE_GRACE_MS = 5_000;

let nextConnectionId = 1;

/**
 * One client socket in one room: reads y-protocols messages (sync, awareness, query awareness) like
 * y-websocket's server, runs the message gates first, and writes through an {@link OutboundChannel}.
 * Malformed input closes this connection alone (1008); a text frame closes it with 1003.
 */
export class Connection implements ConnectionInfo, HeartbeatPeer {
  readonly id = nextConnectionId++;
  readonly openedAt = Date.now();
  /** Awareness client ids this connection has announced; removed from the room when it leaves. */
  readonly awarenessClientIds = new Set<number>();
  readonly outbound: OutboundChannel;
  /** Cleared by the ping sweep, set by any pong or message. */
  alive = true;
  private room: ConnectionRoom | undefined;
  private early: Uint8Array[] | undefined = [];
  private answeredFirstStep1 = false;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    readonly roomId: string,
    readonly ip: string,
    readonly access: ConnectionAccess,
    readonly context: unknown,
    private readonly deps: ConnectionDeps,
    /** The upgraded TCP socket under `ws`: sends of one turn go out in one write (see {@link OutboundChannel}). */
    transport?: CorkableTransport,
  ) {
    this.outbound = new OutboundChannel(ws, deps.limits, deps.counters, () => this.closeSlowConsumer(), transport);
    // Nothing is read until the room has loaded: a client never syncs against a document still loading.
    ws.pause();
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (error) => {
      deps.logger.debug({ conn: this.id, room: roomId, err: error.message }, 'socket error');
      deps.onConnectionError();
    });
    ws.on('close', (code) => this.onClose(code));
  }

  /** Unsent bytes queued on the socket. */
  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Whether the client has finished its join sequence (answered sync step 1), so broadcast frames go to it. */
  get receivesFrames(): boolean {
    return this.answeredFirstStep1;
  }

  /** Whether the socket has closed. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Joins the loaded room: it sends its opening messages, then messages held while loading are handled. */
  bind(room: ConnectionRoom): void {
    // A connection closing (or closed) while its room loaded never joins it.
    if (this.closed || this.ws.readyState !== 1) {
      room.releaseUnattached();
      return;
    }
    this.room = room;
    room.attach(this);
    const early = this.early ?? [];
    this.early = undefined;
    for (const message of early) if (!this.closed) this.handle(message);
    this.ws.resume();
  }

  /** Closes with a close code (an unsendable one becomes 1011) and a reason clamped to what a close frame holds. */
  close(code: number, reason: string): void {
    if (this.closed || this.ws.readyState >= 2) return;
    this.ws.close(isSendableCloseCode(code) ? code : CloseCode.InternalError, clampCloseReason(reason));
    // A socket paused while its room loads would never read the peer's close reply, holding the close for
    // ws's 30 s timeout; nothing read from now on is applied (an unbound connection has no room).
    if (!this.room) this.ws.resume();
  }

  /** Destroys the socket without a close handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  /** Keep-alive (see {@link HeartbeatSweep}): if `judge`, terminates a peer that missed the previous ping; else (or then) pings it. */
  heartbeat(judge = true): void {
    if (judge && !this.alive) {
      this.deps.logger.info({ conn: this.id, room: this.roomId }, 'no pong; dropping connection');
      this.ws.terminate();
      return;
    }
    this.alive = false;
    if (this.ws.readyState === 1) this.ws.ping();
  }

  /** Stops reading from the socket (shutdown: nothing more is applied once documents are being flushed). */
  stopReading(): void {
    this.ws.pause();
  }

  /**
   * Closes for a restart (1012) and reads again so the peer's close frame is seen. Anything the peer sends
   * meanwhile is still applied and stored (the store closes after the sockets).
   */
  closeForRestart(reason: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.close(CloseCode.ServiceRestart, reason);
    this.ws.resume();
    return closed;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.alive = true;
    if (!isBinary) {
      this.close(CloseCode.UnsupportedData, 'only binary messages are spoken here');
      return;
    }
    const bytes = toBytes(data);
    if (this.early) {
      if (this.early.length >= MAX_EARLY_MESSAGES) this.close(CloseCode.PolicyViolation, 'too many messages before the room loaded');
      else this.early.push(bytes);
      return;
    }
    this.handle(bytes);
  }

  private handle(bytes: Uint8Array): void {
    const room = this.room;
    if (!room) return;
    const header = readClientMessageHeader(bytes);
    if (header.error !== undefined) {
      this.fail(CloseCode.PolicyViolation, header.error);
      return;
    }
    const admitted = this.admitThroughGates({ type: header.value.type, syncType: header.value.syncType, bytes });
    if (admitted === null) return;
    // A gate may have rewritten the message (same type, less content): read the bytes it let through.
    const message = admitted === bytes ? header : readClientMessageHeader(admitted);
    if (message.error !== undefined) {
      this.fail(CloseCode.InternalError, 'a message gate produced a malformed message');
      return;
    }
    const { type, decoder } = message.value;
    try {
      if (type === MessageType.Sync) this.handleSync(room, message.value);
      else if (type === MessageType.Awareness) this.handleAwareness(room, decoder);
      else if (type === MessageType.QueryAwareness) this.outbound.sendReliable(encodeAwarenessMessage(room.awareness));
    } catch (error) {
      this.fail(CloseCode.PolicyViolation, `malformed message: ${(error as Error).message}`);
    }
  }

  /** Runs the message gates in order; returns the bytes to apply (possibly rewritten), or null to stop. */
  private admitThroughGates(message: ClientMessageInfo): Uint8Array | null {
    let current = message;
    for (const gate of this.deps.messageGates) {
      let verdict;
      try {
        verdict = gate(this, current);
      } catch (error) {
        this.deps.logger.error({ conn: this.id, room: this.roomId, err: (error as Error).message }, 'message gate threw');
        this.fail(CloseCode.InternalError, 'internal error');
        return null;
      }
      if (verdict === undefined) continue;
      if (verdict.action === 'replace') {
        current = { ...current, bytes: verdict.bytes };
        continue;
      }
      if (verdict.action === 'close') this.close(verdict.code, verdict.reason);
      return null;
    }
    return current.bytes;
  }

  private handleSync(room: ConnectionRoom, { syncType, decoder }: ClientMessageHeader): void {
    const payload = decoding.readVarUint8Array(decoder);
    if (syncType === messageYjsSyncStep1) {
      this.outbound.sendReliable(encodeSyncStep2(room.doc, payload));
      if (!this.answeredFirstStep1) {
        // The join sequence ends with the room's latest frame, right after the client has the document.
        this.answeredFirstStep1 = true;
        const frame = room.latestFrame();
        if (frame) this.outbound.sendFrame(frame);
      }
      return;
    }
    // Sync step 2 and updates carry document changes; a viewer's are never applied.
    if (this.access === 'view') return;
    Y.applyUpdate(room.doc, payload, this);
  }

  private handleAwareness(room: ConnectionRoom, decoder: decoding.Decoder): void {
    const update = decoding.readVarUint8Array(decoder);
    if (this.access === 'view') return;
    applyAwarenessUpdate(room.awareness, update, this);
  }

  private fail(code: number, reason: string): void {
    this.deps.logger.info({ conn: this.id, room: this.roomId, code, reason }, 'closing misbehaving connection');
    this.deps.onConnectionError();
    this.close(code, reason);
  }

  private closeSlowConsumer(): void {
    this.deps.logger.info({ conn: this.id, room: this.roomId, buffered: this.ws.bufferedAmount }, 'slow consumer; closing');
    this.outbound.clear();
    this.close(CloseCode.SlowConnection, 'slow consumer: too much unsent data');
    setTimeout(() => this.ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
  }

  private onClose(code: number): void {
    if (this.closed) return;
    this.closed = true;
    this.outbound.clear();
    this.early = undefined;
    if (this.room) this.room.detach(this);
    for (const listener of this.deps.closeListeners) {
      try {
        listener(this, code);
      } catch (error) {
        this.deps.logger.error({ conn: this.id, err: (error as Error).message }, 'close listener threw');
      }
    }
  }
}

/** `ws` delivers a Buffer, an ArrayBuffer or (for fragmented messages) a list of Buffers. */
function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
