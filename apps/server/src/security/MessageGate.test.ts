import { CloseCode } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AwarenessClaims } from './AwarenessClaims.js';
import { DocumentGuard } from './DocumentGuard.js';
import { NO_HOST_STANDING, type HostStanding } from './hostRank.js';
import { DEFAULT_LIMITS } from './limits.js';
import { MessageGate, type GateRoom, type MessageVerdict } from './MessageGate.js';
import { awarenessMessage, rawAwarenessMessage, syncStep1, syncStep2, syncUpdate } from './test/messages.js';

const limits = { ...DEFAULT_LIMITS, maxMessageBytes: 256 * 1024 };

function room(): GateRoom {
  return { guard: new DocumentGuard(new Y.Doc(), limits), claims: new AwarenessClaims(), lockedFieldTouched: () => undefined, viewerOnly: () => false, hostStanding: () => NO_HOST_STANDING };
}

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('prompt').insert(0, text);
  return syncUpdate(Y.encodeStateAsUpdate(doc));
}

function closeCode(v: MessageVerdict): number | undefined {
  return v.action === 'close' ? v.rejection.code : undefined;
}

describe('MessageGate', () => {
  it('lets an editor sync, edit and show presence', () => {
    const r = room();
    const gate = new MessageGate('editor', limits);
    const doc = new Y.Doc();
    doc.getText('prompt').insert(0, 'hello');
    expect(gate.admit(syncStep1(doc), true, r).action).toBe('apply');
    expect(gate.admit(syncStep2(doc), true, r).action).toBe('apply');
    expect(gate.admit(edit('more'), true, r).action).toBe('apply');
    const awareness = new Awareness(doc);
    awareness.setLocalState({ name: 'Ada' });
    expect(gate.admit(awarenessMessage(awareness, [doc.clientID]), true, r).action).toBe('apply');
    expect(gate.admit(Uint8Array.of(3), true, r).action).toBe('apply');
    awareness.destroy();
  });

  it('closes text frames with 1003, oversized with 1009, malformed and unknown with 1008, an invalid update with 4400', () => {
    const r = room();
    expect(closeCode(new MessageGate('editor', limits).admit(Uint8Array.of(0, 0, 0), false, r))).toBe(1003);
    expect(closeCode(new MessageGate('editor', limits).admit(new Uint8Array(limits.maxMessageBytes + 1), true, r))).toBe(1009);
    expect(closeCode(new MessageGate('editor', limits).admit(Uint8Array.of(), true, r))).toBe(1008);
    expect(closeCode(new MessageGate('editor', limits).admit(Uint8Array.of(42), true, r))).toBe(1008);
    expect(closeCode(new MessageGate('editor', limits).admit(syncUpdate(Uint8Array.from(Buffer.from('garbagedoc', 'base64'))), true, r))).toBe(CloseCode.EditRefused);
  });

  it('lets a viewer sync (and ignores its empty step 2) but closes any write with 4403', () => {
    const r = room();
    const viewer = new MessageGate('viewer', limits);
    const empty = new Y.Doc();
    expect(viewer.admit(syncStep1(empty), true, r).action).toBe('apply');
    expect(viewer.admit(syncStep2(empty), true, r).action).toBe('ignore');
    expect(closeCode(viewer.admit(edit('sneaky'), true, r))).toBe(4403);
    const stepTwoWithContent = new Y.Doc();
    stepTwoWithContent.getMap('params').set('seed', 1);
    expect(closeCode(new MessageGate('viewer', limits).admit(syncStep2(stepTwoWithContent), true, r))).toBe(4403);
    expect(r.guard.doc.getText('prompt').length).toBe(0);
  });

  it("stamps presence with the connection's host rank and strips a role a guest claims", () => {
    const standing: HostStanding = { hostSince: 100, ownerSince: 100, revoked: new Set(['revokedLink1']) };
    const r = { ...room(), hostStanding: () => standing };
    const stateOf = (verdict: MessageVerdict): unknown => (verdict.action === 'apply' && verdict.message.kind === 'awareness' ? verdict.message.entries[0]?.state : undefined);
    const say = (gate: MessageGate, clientId: number, state: string): unknown => stateOf(gate.admit(rawAwarenessMessage([[clientId, 1, state]]), true, r));
    const owner = new MessageGate('host', limits, undefined, { role: 'host', iat: 100, owner: true });
    const coHost = new MessageGate('host', limits, undefined, { role: 'host', iat: 100, hid: 'coHostLink1' });
    const demoted = new MessageGate('host', limits, undefined, { role: 'host', iat: 100, hid: 'revokedLink1' });
    const stale = new MessageGate('host', limits, undefined, { role: 'host', iat: 99, owner: true });
    const guest = new MessageGate('editor', limits);
    expect(say(owner, 1, '{"user":{"name":"Ada"}}')).toEqual({ user: { name: 'Ada' }, role: 'owner' });
    expect(say(coHost, 2, '{"user":{"name":"Bo"},"role":"owner"}')).toEqual({ user: { name: 'Bo' }, role: 'host' });
    expect(say(demoted, 3, '{"user":{"name":"Cy"},"role":"host"}')).toEqual({ user: { name: 'Cy' } });
    expect(say(stale, 4, '{"role":"owner"}')).toEqual({});
    expect(say(guest, 5, '{"role":"owner"}')).toEqual({});
    // A state that already says the truth is relayed as received.
    expect(guest.admit(rawAwarenessMessage([[5, 2, '{"user":{"name":"Di"}}']]), true, r)).not.toHaveProperty('rewritten');
    expect([owner, coHost, demoted, stale, guest].map((gate) => gate.rankIn(r))).toEqual(['owner', 'host', 'none', 'none', 'none']);
    // In a room claimed before owners existed, an owner claim counts as a plain host.
    expect(owner.rankIn({ hostStanding: () => ({ ...standing, ownerSince: 0 }) })).toBe('host');
  });

  it('ignores viewer presence', () => {
    const r = room();
    const verdict = new MessageGate('viewer', limits).admit(rawAwarenessMessage([[9, 1, '{"name":"v"}']]), true, r);
    expect(verdict.action).toBe('ignore');
    expect(r.claims.size).toBe(0);
  });

  it("applies only a connection's own presence: echoes of others are dropped or stripped, never closed", () => {
    const r = room();
    const a = new MessageGate('editor', limits);
    const b = new MessageGate('editor', limits);
    expect(a.admit(rawAwarenessMessage([[1, 1, '{}']]), true, r).action).toBe('apply');
    // b echoes a's presence before announcing its own: dropped, and b still owns nothing.
    expect(b.admit(rawAwarenessMessage([[1, 2, 'null']]), true, r).action).toBe('ignore');
    expect(b.admit(rawAwarenessMessage([[2, 1, '{"n":"b"}']]), true, r).action).toBe('apply');
    // a's message mixing its own entry with echoes of b and of someone who left is stripped to its own.
    const mixed = a.admit(rawAwarenessMessage([[2, 1, '{"n":"b"}'], [3, 4, 'null'], [1, 2, '{"n":"a"}']]), true, r);
    expect(mixed.action).toBe('apply');
    if (mixed.action !== 'apply') return;
    expect(mixed.message).toMatchObject({ kind: 'awareness', entries: [{ clientId: 1, clock: 2, state: { n: 'a' } }] });
    expect(mixed.rewritten).toEqual(rawAwarenessMessage([[1, 2, '{"n":"a"}']]));
  });

  it('charges pure presence echoes to the byte rate only', () => {
    const r = room();
    const tight = { ...limits, messagesPerSecond: 1, messageBurst: 2, awarenessPerSecond: 1, awarenessBurst: 2 };
    const owner = new MessageGate('editor', tight, () => 0);
    const echoer = new MessageGate('editor', tight, () => 0);
    expect(owner.admit(rawAwarenessMessage([[1, 1, '{}']]), true, r).action).toBe('apply');
    for (let clock = 2; clock < 50; clock++) {
      expect(echoer.admit(rawAwarenessMessage([[1, clock, '{}']]), true, r).action).toBe('ignore');
    }
    expect(echoer.admit(rawAwarenessMessage([[2, 1, '{}']]), true, r).action).toBe('apply');
    expect(echoer.admit(rawAwarenessMessage([[2, 2, '{}']]), true, r).action).toBe('apply');
    expect(closeCode(echoer.admit(rawAwarenessMessage([[2, 3, '{}']]), true, r))).toBe(4429);
  });

  it('closes oversized presence (4416), prompt (4414) and values (4415), each with its own final code', () => {
    const r = room();
    const big = JSON.stringify({ name: 'x'.repeat(limits.maxAwarenessBytes) });
    expect(closeCode(new MessageGate('editor', limits).admit(rawAwarenessMessage([[1, 1, big]]), true, r))).toBe(CloseCode.PresenceTooBig);
    expect(closeCode(new MessageGate('editor', limits).admit(edit('x'.repeat(limits.maxPromptChars + 1)), true, r))).toBe(CloseCode.PromptTooLong);
    const doc = new Y.Doc();
    doc.getMap('params').set('seed', 'x'.repeat(limits.maxValueBytes + 1));
    expect(closeCode(new MessageGate('editor', limits).admit(syncUpdate(Y.encodeStateAsUpdate(doc)), true, r))).toBe(CloseCode.ValueTooBig);
  });

  it('closes a connection whose messages used more server time than its budget with 4429', () => {
    let now = 0;
    const r = room();
    const gate = new MessageGate('editor', { ...limits, serverMsBurst: 100, serverMsPerSecond: 10 }, () => now);
    expect(gate.admit(Uint8Array.of(3), true, r).action).toBe('apply');
    gate.chargeServerTime(150);
    expect(closeCode(gate.admit(Uint8Array.of(3), true, r))).toBe(4429);
    now += 5000;
    expect(gate.admit(Uint8Array.of(3), true, r).action).toBe('apply');
  });

  it('closes a flood with 4429: messages, bytes and awareness per second', () => {
    let now = 0;
    const clock = (): number => now;
    const r = room();
    const tight = { ...limits, messageBurst: 10, messagesPerSecond: 5 };
    const gate = new MessageGate('editor', tight, clock);
    for (let i = 0; i < 10; i++) expect(gate.admit(Uint8Array.of(3), true, r).action).toBe('apply');
    expect(closeCode(gate.admit(Uint8Array.of(3), true, r))).toBe(4429);
    now += 1000;
    const slowGate = new MessageGate('editor', tight, clock);
    for (let i = 0; i < 100; i++) {
      expect(slowGate.admit(Uint8Array.of(3), true, r).action).toBe('apply');
      now += 200;
    }
    const bytesGate = new MessageGate('editor', { ...limits, byteBurst: 256 * 1024, bytesPerSecond: 1024 }, clock);
    const chunk = edit('y'.repeat(1000));
    let code: number | undefined;
    for (let i = 0; i < 1000 && code === undefined; i++) code = closeCode(bytesGate.admit(chunk, true, room()));
    expect(code).toBe(4429);
    const awarenessGate = new MessageGate('editor', { ...limits, awarenessBurst: 3 }, clock);
    for (let i = 0; i < 3; i++) awarenessGate.admit(rawAwarenessMessage([[1, i + 1, '{}']]), true, r);
    expect(closeCode(awarenessGate.admit(rawAwarenessMessage([[1, 9, '{}']]), true, r))).toBe(4429);
  });
});
