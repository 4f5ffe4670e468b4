/**
 * Opens a real y-websocket `WebsocketProvider` (the client code a browser runs) on a promptjam room, with `ws` as
 * its WebSocket, as the harness's synthetic people use it: no BroadcastChannel, quick reconnects, and the
 * server's own message types (frames, status) given to `onFrame` or ignored rather than logged as unknown.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MessageType, ROOMS_PATH_PREFIX } from '@promptjam/protocol';
import type * as decoding from 'lib0/decoding';

/** Called with a frame message's decoder (positioned after the message type). */
export type FrameHandler = (decoder: decoding.Decoder) => void;

/** Connects `doc` to `<url>/rooms/<roomId>`; `name` is the awareness display name. Destroy it to disconnect. */
export function openRoomProvider(url: string, roomId: string, doc: Y.Doc, name: string, onFrame: FrameHandler = () => {}): WebsocketProvider {
  // y-websocket adds one process 'exit' listener per provider; a harness with dozens of them is expected.
  process.setMaxListeners(process.getMaxListeners() + 1);
  const provider = new WebsocketProvider(`${url}${ROOMS_PATH_PREFIX.replace(/\/$/, '')}`, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  provider.awareness.setLocalStateField('user', { name, color: '#1f77b4' });
  provider.messageHandlers[MessageType.Frame] = (_encoder, decoder) => onFrame(decoder);
  provider.messageHandlers[MessageType.Status] = () => {};
  return provider;
}

/** Disconnects a provider from {@link openRoomProvider} and gives back its 'exit' listener allowance. */
export function closeRoomProvider(provider: WebsocketProvider): void {
  provider.destroy();
  process.setMaxListeners(Math.max(10, process.getMaxListeners() - 1));
}
