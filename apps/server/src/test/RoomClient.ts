import { MessageType, PARAMS_MAP_NAME, PROMPT_TEXT_NAME, readFrameBody, readStatusBody, type FrameMetadata, type RoomStatus } from '@promptjam/protocol';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { waitUntil } from './waitUntil.js';

/** A frame as a test client received it. */
export interface ReceivedFrame {
  metadata: FrameMetadata;
  image: Uint8Array;
  /** `performance.now()` at arrival. */
  receivedAt: number;
}

/**
 * A real room client for integration tests: y-websocket's own `WebsocketProvider` over the `ws` package, with
 * handlers for promptjam's frame (100) and status (101) messages registered the way a web client does.
 * BroadcastChannel sync is off, so clients in one process only meet through the server.
 */
export class RoomClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly frames: ReceivedFrame[] = [];
  readonly statuses: RoomStatus[] = [];
  /** Order of everything received that is not plain sync: 'synced', 'frame', 'status'. */
  readonly events: string[] = [];
  /** Messages that failed to decode (a test asserts this stays empty). */
  readonly decodeErrors: string[] = [];

  /** `options.doc`: continue with an existing document (a client that moves to another server keeps its edits). */
  constructor(serverUrl: string, readonly roomId: string, options: { connect?: boolean; doc?: Y.Doc } = {}) {
    this.doc = options.doc ?? new Y.Doc();
    this.provider = new WebsocketProvider(`${serverUrl}/rooms`, roomId, this.doc, {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
      connect: options.connect ?? true,
      maxBackoffTime: 300,
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.events.push('synced');
    });
    this.provider.messageHandlers[MessageType.Frame] = (_encoder, decoder) => {
      const frame = readFrameBody(decoder);
      if (frame.error !== undefined) this.decodeErrors.push(frame.error);
      else {
        this.frames.push({ ...frame.value, receivedAt: performance.now() });
        this.events.push('frame');
      }
    };
    this.provider.messageHandlers[MessageType.Status] = (_encoder, decoder) => {
      const status = readStatusBody(decoder);
      if (status.error !== undefined) this.decodeErrors.push(status.error);
      else {
        this.statuses.push(status.value);
        this.events.push('status');
      }
    };
  }

  get prompt(): string {
    return this.doc.getText(PROMPT_TEXT_NAME).toString();
  }

  get lastFrame(): ReceivedFrame | undefined {
    return this.frames.at(-1);
  }

  /** Resolves once the provider has synced with the server. */
  synced(timeoutMs?: number): Promise<void> {
    return waitUntil(() => this.provider.synced, `room ${this.roomId} to sync`, timeoutMs);
  }

  /** Types `text` at the end of the prompt, as one edit. */
  type(text: string): void {
    const prompt = this.doc.getText(PROMPT_TEXT_NAME);
    prompt.insert(prompt.length, text);
  }

  /** Replaces the whole prompt in one transaction. */
  setPrompt(text: string): void {
    const prompt = this.doc.getText(PROMPT_TEXT_NAME);
    this.doc.transact(() => {
      prompt.delete(0, prompt.length);
      prompt.insert(0, text);
    });
  }

  /** Sets generation params (raw values; the server normalises them). */
  setParams(params: Record<string, unknown>): void {
    const map = this.doc.getMap(PARAMS_MAP_NAME);
    this.doc.transact(() => Object.entries(params).forEach(([key, value]) => map.set(key, value)));
  }

  /** Resolves with the first received frame (counting frames already here) that matches. */
  async frameWhere(predicate: (frame: ReceivedFrame) => boolean, what: string, timeoutMs?: number): Promise<ReceivedFrame> {
    await waitUntil(() => this.frames.some(predicate), what, timeoutMs);
    return this.frames.find(predicate)!;
  }

  /** Resolves with the first frame rendered from exactly `prompt`. */
  frameOf(prompt: string, timeoutMs?: number): Promise<ReceivedFrame> {
    return this.frameWhere((f) => f.metadata.prompt === prompt, `a frame of "${prompt}" in room ${this.roomId}`, timeoutMs);
  }

  /** The provider's underlying socket (a `ws` WebSocket), while connected. */
  get socket(): WebSocket | null {
    return this.provider.ws as unknown as WebSocket | null;
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}
