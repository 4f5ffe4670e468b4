import { MessageType } from '@promptjam/protocol';
import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

/**
 * Makes `provider` send only this client's own presence to the server.
 *
 * Stock y-websocket forwards every awareness change, including the ones it just received from the server,
 * so each client echoes everybody else's presence back (and, when someone leaves, their removal). A server
 * that lets a connection speak only for its own client id (promptjam's does, see docs/SECURITY.md) must
 * drop or refuse those echoes; not sending them saves that work and the bandwidth of every echo.
 * Returns the function that unhooks the relay (call it before destroying the provider).
 */
export function sendOnlyOwnPresence(provider: WebsocketProvider): () => void {
  const awareness = provider.awareness;
  const ownId = provider.doc.clientID;
  awareness.off('update', provider._awarenessUpdateHandler);
  const forwardOwn = ({ added, updated, removed }: AwarenessChange): void => {
    if (!added.includes(ownId) && !updated.includes(ownId) && !removed.includes(ownId)) return;
    const ws = provider.ws;
    if (!provider.wsconnected || ws === null || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [ownId]));
    ws.send(encoding.toUint8Array(encoder));
  };
  awareness.on('update', forwardOwn);
  return () => awareness.off('update', forwardOwn);
}
