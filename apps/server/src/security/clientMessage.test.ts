import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MAX_AWARENESS_ENTRIES, parseClientMessage } from './clientMessage.js';
import { awarenessMessage, rawAwarenessMessage, syncStep1, syncStep2, syncUpdate } from './test/messages.js';

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

describe('parseClientMessage reads what y-websocket writes', () => {
  const doc = new Y.Doc();
  doc.getText('prompt').insert(0, 'a fox');

  it('reads sync step 1, step 2 and update', () => {
    expect(parseClientMessage(syncStep1(doc))).toMatchObject({ ok: true, message: { kind: 'sync-step1' } });
    expect(parseClientMessage(syncStep2(doc))).toMatchObject({ ok: true, message: { kind: 'sync-step2' } });
    const update = Y.encodeStateAsUpdate(doc);
    const parsed = parseClientMessage(syncUpdate(update));
    expect(parsed.ok && parsed.message.kind === 'sync-update' && Buffer.from(parsed.message.update).equals(update)).toBe(true);
  });

  it('reads awareness with its entries, and query-awareness', () => {
    const awareness = new Awareness(doc);
    awareness.setLocalState({ name: 'Ada', color: '#f00' });
    const parsed = parseClientMessage(awarenessMessage(awareness, [doc.clientID]));
    if (!parsed.ok || parsed.message.kind !== 'awareness') throw new Error('not awareness');
    expect(parsed.message.entries).toEqual([
      { clientId: doc.clientID, clock: 1, state: { name: 'Ada', color: '#f00' }, stateBytes: JSON.stringify({ name: 'Ada', color: '#f00' }).length },
    ]);
    awareness.setLocalState(null);
    const removal = parseClientMessage(awarenessMessage(awareness, [doc.clientID]));
    expect(removal.ok && removal.message.kind === 'awareness' && removal.message.entries[0]?.state).toBe(null);
    expect(parseClientMessage(bytes(3))).toEqual({ ok: true, message: { kind: 'query-awareness' } });
    awareness.destroy();
  });
});

describe('parseClientMessage refuses malformed messages', () => {
  const refused = (b: Uint8Array): { unknownType: boolean } => {
    const r = parseClientMessage(b);
    if (r.ok) throw new Error(`accepted ${Buffer.from(b).toString('hex')}`);
    return r;
  };

  it('refuses empty, one-byte and truncated messages', () => {
    refused(bytes());
    refused(bytes(0));
    refused(bytes(0, 0));
    refused(bytes(0x80));
    refused(bytes(0, 1, 0xff));
    refused(bytes(1));
    const full = syncStep1(new Y.Doc());
    for (let cut = 1; cut < full.length; cut++) refused(full.subarray(0, cut));
  });

  it('refuses unknown types and sync sub-types, naming unknown types apart', () => {
    expect(refused(bytes(2, 0)).unknownType).toBe(true); // auth is server-to-client only
    expect(refused(bytes(100)).unknownType).toBe(true);
    expect(refused(bytes(0xff, 0xff, 0xff, 0x7f)).unknownType).toBe(true);
    expect(refused(bytes(0, 3, 1, 0)).unknownType).toBe(false);
  });

  it('refuses zero-length updates and trailing bytes', () => {
    refused(bytes(0, 2, 0));
    refused(bytes(0, 1, 0));
    refused(Uint8Array.from([...syncStep1(new Y.Doc()), 0]));
    refused(bytes(3, 0));
  });

  it('refuses state vectors that claim more than they hold', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1_000_000);
    const sv = encoding.toUint8Array(e);
    refused(Uint8Array.from([0, 0, sv.length, ...sv]));
  });

  it('refuses awareness that is not JSON objects, or too many entries', () => {
    refused(rawAwarenessMessage([[1, 1, 'not json']]));
    refused(rawAwarenessMessage([[1, 1, '[1,2]']]));
    refused(rawAwarenessMessage([[1, 1, '"x"']]));
    const tooMany = Array.from({ length: MAX_AWARENESS_ENTRIES + 1 }, (_, id) => [id, 1, 'null'] as [number, number, string]);
    refused(rawAwarenessMessage(tooMany));
    expect(parseClientMessage(rawAwarenessMessage(tooMany.slice(1))).ok).toBe(true);
    const badUtf8 = Uint8Array.from([1, 5, 1, 1, 1, 2, 0xc3, 0x28]);
    refused(badUtf8);
  });
});
