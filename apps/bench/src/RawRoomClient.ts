/**
 * A cheap benchmark client: one raw `ws` connection to `/rooms/<roomId>` that speaks just enough y-protocols
 * to join (it sends sync step 1 of an empty document) and records every frame it receives. Thousands of these
 * fit in one process where thousands of full y-websocket providers (each with a Y.Doc, awareness and timers)
 * would not, which is what the idle-client, fan-out and watcher roles need.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '@promptjam/protocol';
import { epochNowMs } from './clock.js';
import { readFrameArrival, type FrameArrival } from './FrameLog.js';

/** Sync step 1 of an empty document: "I have nothing, send me everything". Same bytes for every client. */
const EMPTY_SYNC_STEP1: Uint8Array = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
})();

/** Where a raw client connects and what it records. */
export interface RawRoomClientOptions {
  /** Base URL, e.g. `ws://127.0.0.1:41234`; the client connects to `<url>/rooms/<roomId>`. */
  url: string;
  roomId: string;
  /** Keep a {@link FrameArrival} per frame (off for idle swarms, which only count). */
  recordFrames?: boolean;
  /** Called for every frame, after it is recorded. */
  onFrame?: (frame: FrameArrival) => void;
  /**
   * Send sync step 1 on open (default true). Off against the bare relay baseline, which would forward
   * every client's step 1 to every other client in the room.
   */
  join?: boolean;
}

/** One raw connection; see the module comment. */
export class RawRoomClient {
  readonly frames: FrameArrival[] = [];
  framesReceived = 0;
  bytesReceived = 0;
  malformedFrames = 0;
  closeCode: number | null = null;
  private readonly ws: WebSocket;

  private constructor(private readonly options: RawRoomClientOptions) {
    this.ws = new WebSocket(`${options.url}/rooms/${options.roomId}`, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('message', (data: Buffer) => this.onMessage(data));
    this.ws.on('close', (code) => {
      this.closeCode = code;
    });
    this.ws.on('error', () => {
      // the close event follows and records the code
    });
  }

  /** Opens a connection and sends sync step 1; resolves when the socket is open. */
  static async connect(options: RawRoomClientOptions): Promise<RawRoomClient> {
    const client = new RawRoomClient(options);
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('unexpected-response', (_req, res) => reject(new Error(`${options.roomId}: HTTP ${res.statusCode} instead of an upgrade`)));
      client.ws.once('error', reject);
    });
    if (options.join !== false) client.ws.send(EMPTY_SYNC_STEP1);
    return client;
  }

  private onMessage(data: Buffer): void {
    const arrivalEpochMs = epochNowMs();
    this.bytesReceived += data.byteLength;
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== MessageType.Frame) return;
    this.framesReceived += 1;
    if (!this.options.recordFrames && !this.options.onFrame) return;
    const frame = readFrameArrival(decoder, data.byteLength, arrivalEpochMs);
    if (!frame) {
      this.malformedFrames += 1;
      return;
    }
    if (this.options.recordFrames) this.frames.push(frame);
    this.options.onFrame?.(frame);
  }

  /**
   * Sends a Yjs update (y-protocols sync message, update sub-type), as an editor would. A raw client has no
   * document of its own, so callers build the update from a scratch Y.Doc.
   */
  sendYjsUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, update);
    this.ws.send(encoding.toUint8Array(encoder));
  }

  /** Forgets recorded frames (between measurement windows). */
  clearFrames(): void {
    this.frames.length = 0;
    this.framesReceived = 0;
  }

  /** True while the socket is open. */
  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Closes the connection and waits for the close handshake (or 2 s, then terminates). */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    const timer = setTimeout(() => this.ws.terminate(), 2_000);
    this.ws.close(1000);
    await closed;
    clearTimeout(timer);
  }
}
