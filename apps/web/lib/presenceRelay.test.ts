import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { sendOnlyOwnPresence } from './presenceRelay';

/** A provider that never connects, with a fake open socket that records what is sent. */
function providerWithSocket(): { provider: WebsocketProvider; sent: Uint8Array[] } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider('ws://unused.invalid', 'room', doc, {
    connect: false,
    disableBc: true,
    // Never used (connect: false); Node 20 has no global WebSocket for the default.
    WebSocketPolyfill: class {} as unknown as typeof WebSocket,
  });
  const sent: Uint8Array[] = [];
  const socket = { OPEN: 1, readyState: 1, send: (data: Uint8Array) => sent.push(data) };
  provider.ws = socket as unknown as WebSocket;
  provider.wsconnected = true;
  return { provider, sent };
}

/** The client ids an awareness message speaks for. */
function clientIdsOf(message: Uint8Array): number[] {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(1);
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const count = decoding.readVarUint(update);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(update));
    decoding.readVarUint(update);
    decoding.readVarString(update);
  }
  return ids;
}

describe('sendOnlyOwnPresence', () => {
  it('sends own presence changes but never echoes other people’s', () => {
    const { provider, sent } = providerWithSocket();
    const unhook = sendOnlyOwnPresence(provider);
    const other = new Awareness(new Y.Doc());
    other.setLocalState({ user: { name: 'Other' } });

    applyAwarenessUpdate(provider.awareness, encodeAwarenessUpdate(other, [other.clientID]), provider);
    removeAwarenessStates(provider.awareness, [other.clientID], provider);
    expect(sent).toHaveLength(0);

    provider.awareness.setLocalStateField('user', { name: 'Me' });
    expect(sent.map(clientIdsOf)).toEqual([[provider.doc.clientID]]);

    unhook();
    provider.awareness.setLocalStateField('user', { name: 'Me again' });
    expect(sent).toHaveLength(1);
    provider.ws = null;
    provider.destroy();
  });
});
