/**
 * One test per message limit and per close code, through a real server: the offender gets its documented
 * code and nobody else notices (a bystander in the same room keeps editing).
 */
import { CloseCode } from '@promptjam/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { RoomStore } from '../store/RoomStore.js';
import { makeDataDir, useDemoEngine } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import { LimitsHarness, closeFor, insertUpdate } from './test/LimitsHarness.js';
import { awarenessMessage, rawAwarenessMessage, syncStep1, syncUpdate } from './test/messages.js';
import { closeOnOpen, openRaw } from './test/rawSocket.js';
import { startWorkStopwatch } from './workTime.js';
import { startSecuredServer } from './test/securityServer.js';

const demo = useDemoEngine();
const harness = new LimitsHarness(() => demo.engine);

afterEach(() => harness.cleanup());

describe('close codes for bad messages', () => {
  it('1003 for a text frame', async () => {
    const server = await harness.serverWith();
    const victim = await harness.bystander(server, 'text');
    expect((await closeFor(server, 'text', ['hello'])).code).toBe(1003);
    await harness.stillWorks(server, victim);
  });

  it('1009 for a message above max-message-bytes', async () => {
    const server = await harness.serverWith();
    const big = new Uint8Array(256 * 1024 + 1);
    big[0] = 3;
    expect((await closeFor(server, 'big', [big])).code).toBe(1009);
  });

  it('1008 for empty, truncated, unknown and malformed messages; 4400 for garbage inside an update', async () => {
    const server = await harness.serverWith();
    const victim = await harness.bystander(server, 'malformed');
    const cases = [Uint8Array.of(), Uint8Array.of(0x80), Uint8Array.of(42), Uint8Array.of(0, 7, 0), Uint8Array.of(0, 2, 0), Uint8Array.of(0, 2, 3, 1, 2)];
    for (const message of cases) expect((await closeFor(server, 'malformed', [message])).code, Buffer.from(message).toString('hex')).toBe(1008);
    const garbage = syncUpdate(Uint8Array.from(Buffer.from('garbagedoc', 'base64')));
    expect((await closeFor(server, 'malformed', [garbage])).code).toBe(CloseCode.EditRefused);
    await harness.stillWorks(server, victim);
  });

  it('1011 when a room cannot be loaded (a corrupt stored update), and other rooms still work', async () => {
    const dataDir = await makeDataDir();
    const store = await RoomStore.open(dataDir);
    await store.loadRoom('broken');
    await store.appendUpdate('broken', Uint8Array.of(1, 2, 3, 4, 5));
    await store.close();
    const server = await startSecuredServer(demo.engine, dataDir);
    harness.adopt(server, dataDir);
    expect((await closeOnOpen(server.url, '/rooms/broken')).code).toBe(1011);
    await harness.stillWorks(server, await harness.bystander(server, 'healthy'));
  });

  it('1012 to every client when the server shuts down', async () => {
    const server = await harness.serverWith();
    const c = await harness.bystander(server, 'bye');
    await server.close();
    await waitUntil(() => c.closes.length > 0, 'the client to be closed');
    expect(c.closes[0]!.code).toBe(1012);
    harness.forgetServers();
  });
});

describe('fragments and params', () => {
  it('a message in many tiny fragments is assembled; fragments adding up past the cap close with 1009', async () => {
    const server = await harness.serverWith({ maxMessageBytes: 4096, byteBurst: 1024 * 1024 });
    const ok = await openRaw(server.url, '/rooms/fragments');
    if ('status' in ok) throw new Error('refused');
    const message = insertUpdate('fragmented words');
    for (let i = 0; i < message.length; i++) ok.ws.send(message.subarray(i, i + 1), { binary: true, fin: i === message.length - 1 });
    await waitUntil(() => server.rooms.get('fragments')?.doc.getText('prompt').toString() === 'fragmented words', 'the fragmented edit');
    const big = await openRaw(server.url, '/rooms/fragments');
    if ('status' in big) throw new Error('refused');
    for (let i = 0; i < 100; i++) big.ws.send(new Uint8Array(64), { binary: true, fin: false });
    expect((await big.closed).code).toBe(1009);
  });

  it('params with NaN, negative, huge and wrong-typed values are clamped or ignored; the room keeps rendering', async () => {
    const server = await harness.serverWith();
    const client = harness.client(server, 'params');
    await waitUntil(() => client.provider.synced, 'the client to sync');
    const frames: string[] = [];
    client.provider.messageHandlers[100] = (_encoder, decoder) => {
      frames.push(decoding.readVarString(decoder));
    };
    client.doc.transact(() => {
      const params = client.doc.getMap('params');
      params.set('seed', Number.NaN);
      params.set('steps', 'many');
      params.set('width', 1e9);
      params.set('height', -3);
      client.doc.getText('prompt').insert(0, 'odd params');
    });
    await waitUntil(() => frames.some((f) => JSON.parse(f).prompt === 'odd params'), 'a frame of the prompt', 60_000);
    const metadata = JSON.parse(frames.find((f) => JSON.parse(f).prompt === 'odd params')!) as { params: Record<string, number> };
    expect(metadata.params).toMatchObject({ steps: 1, width: 1024, height: 64 });
    expect(Number.isInteger(metadata.params.seed)).toBe(true);
    expect(client.closes).toEqual([]);
  });
});

describe('document limits (final 44xx codes)', () => {
  it('max-prompt-chars (4414)', async () => {
    const server = await harness.serverWith({ maxPromptChars: 50 });
    const victim = await harness.bystander(server, 'prompt');
    expect((await closeFor(server, 'prompt', [insertUpdate('x'.repeat(60))])).code).toBe(CloseCode.PromptTooLong);
    await harness.stillWorks(server, victim);
  });

  it('max-document-bytes (4413)', async () => {
    const server = await harness.serverWith({ maxMessageBytes: 8192, maxDocumentBytes: 16 * 1024 });
    // Params of 900 bytes under 20 keys: the document outgrows 16 KiB while the prompt stays empty.
    const messages = Array.from({ length: 20 }, (_, i) => {
      const doc = new Y.Doc();
      doc.getMap('params').set(`k${i}`, 'y'.repeat(900));
      return syncUpdate(Y.encodeStateAsUpdate(doc));
    });
    expect((await closeFor(server, 'document', messages)).code).toBe(CloseCode.DocumentTooBig);
    expect(Y.encodeStateAsUpdate(server.rooms.get('document')!.doc).length).toBeLessThanOrEqual(16 * 1024);
  });

  it('max-value-bytes (4415: a params value of 2 KB)', async () => {
    const server = await harness.serverWith();
    expect((await closeFor(server, 'value', [insertUpdate('z'.repeat(2000), 'params')])).code).toBe(CloseCode.ValueTooBig);
  });

  it('max-structs-per-update and max-clients-per-update (4400)', async () => {
    const server = await harness.serverWith({ maxStructsPerUpdate: 16, maxClientsPerUpdate: 2 });
    const many = new Y.Doc();
    for (let i = 0; i < 20; i++) many.getMap('params').set(`k${i}`, i);
    expect((await closeFor(server, 'structs', [syncUpdate(Y.encodeStateAsUpdate(many))])).code).toBe(CloseCode.EditRefused);
    const writers = Y.mergeUpdates([1, 2, 3].map((n) => {
      const d = new Y.Doc();
      d.getText('prompt').insert(0, `w${n}`);
      return Y.encodeStateAsUpdate(d);
    }));
    expect((await closeFor(server, 'writers', [syncUpdate(writers)])).code).toBe(CloseCode.EditRefused);
  });

  it('update-check-budget-ms (4400): an update too expensive to check in time', async () => {
    const server = await harness.serverWith({ maxMessageBytes: 1024 * 1024, maxStructsPerUpdate: 10_000_000, updateCheckBudgetMs: 1 });
    // One writer with 500,000 one-clock GC structs (2 bytes each): cheap to send, slow to walk.
    const structs = 500_000;
    const header = [1, ...encoding.encode((e) => encoding.writeVarUint(e, structs)), 7, 0];
    const update = new Uint8Array(header.length + structs * 2 + 1);
    update.set(header);
    for (let i = 0; i < structs; i++) update[header.length + i * 2 + 1] = 1;
    expect((await closeFor(server, 'budget', [syncUpdate(update)])).code).toBe(CloseCode.EditRefused);
    expect(server.rooms.get('budget')!.doc.store.clients.size).toBe(0);
  });

  it('max-pending-update-bytes (4400): updates whose dependencies never arrive', async () => {
    const server = await harness.serverWith({ maxPendingUpdateBytes: 64 });
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 10; i++) doc.getText('prompt').insert(0, `orphan-${i}-`.repeat(3));
    expect((await closeFor(server, 'pending', updates.slice(1).map(syncUpdate))).code).toBe(CloseCode.EditRefused);
    expect(server.rooms.get('pending')!.doc.getText('prompt').length).toBe(0);
  });
});

describe('rate limits (4429)', () => {
  it('messages-per-second', async () => {
    const server = await harness.serverWith({ messageBurst: 20, messagesPerSecond: 1 });
    const victim = await harness.bystander(server, 'flood');
    expect((await closeFor(server, 'flood', Array.from({ length: 40 }, () => Uint8Array.of(3)))).code).toBe(4429);
    await harness.stillWorks(server, victim);
  });

  it('bytes-per-second', async () => {
    const server = await harness.serverWith({ maxMessageBytes: 16 * 1024, byteBurst: 16 * 1024, bytesPerSecond: 1024 });
    // The same 3,500-character edit six times: the room holds it after the first, so only the bytes add up.
    const edit = insertUpdate('b'.repeat(3500));
    const messages = Array.from({ length: 6 }, () => edit);
    expect((await closeFor(server, 'bytes', messages)).code).toBe(4429);
  });

  it('server-ms-per-second and server-ms-burst: an update that is slow to integrate', async () => {
    // 256 writers each inserting 78 characters at one spot: concurrent inserts Yjs orders at quadratic cost.
    const base = new Y.Doc();
    base.getText('prompt').insert(0, 'hello world');
    const baseState = Y.encodeStateAsUpdate(base);
    const merged = Y.mergeUpdates(Array.from({ length: 256 }, () => {
      const writer = new Y.Doc();
      Y.applyUpdate(writer, baseState);
      const before = Y.encodeStateVector(writer);
      for (let k = 0; k < 78; k++) writer.getText('prompt').insert(5, 'x');
      // Keep 15 of each writer's 78: the deleted items still cost their ordering, the prompt stays under its cap.
      writer.getText('prompt').delete(5, 63);
      return Y.encodeStateAsUpdate(writer, before);
    }));
    // The budget is sized from what this update costs on this machine now (work time, as the server
    // measures it), so the test holds on a fast, slow or busy machine alike: the writer spends several
    // times the burst, a bystander's ordinary edits a small fraction of it.
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, baseState);
    const elapsedMs = startWorkStopwatch();
    Y.applyUpdate(scratch, merged);
    const costMs = elapsedMs();
    const serverMsBurst = Math.max(2, Math.floor(costMs / 3));
    const server = await harness.serverWith({ maxMessageBytes: 512 * 1024, byteBurst: 1024 * 1024, maxClientsPerUpdate: 256, serverMsBurst, serverMsPerSecond: 1 });
    const calm = await harness.bystander(server, 'calm');
    const opened = await openRaw(server.url, '/rooms/slow-update');
    if ('status' in opened) throw new Error('refused');
    opened.ws.send(syncUpdate(baseState));
    opened.ws.send(syncUpdate(merged));
    // The time is charged once the update has been applied; the next message finds the budget in debt.
    await waitUntil(() => server.rooms.get('slow-update')?.doc.getText('prompt').length === 11 + 256 * 15, 'the update to be applied');
    opened.ws.send(Uint8Array.of(3));
    expect((await opened.closed).code).toBe(4429);
    // Light clients stay well inside the same budget, in another room and in the costly writer's room.
    await harness.stillWorks(server, calm);
    await harness.stillWorks(server, await harness.bystander(server, 'slow-update'));
  });

  it('awareness-per-second', async () => {
    const server = await harness.serverWith({ awarenessBurst: 3, awarenessPerSecond: 1 });
    const messages = Array.from({ length: 6 }, (_, i) => rawAwarenessMessage([[77, i + 1, '{"name":"spam"}']]));
    expect((await closeFor(server, 'awareness-flood', messages)).code).toBe(4429);
  });
});

describe('presence limits', () => {
  it('max-awareness-bytes (4416)', async () => {
    const server = await harness.serverWith();
    const huge = JSON.stringify({ name: 'n'.repeat(5000) });
    expect((await closeFor(server, 'presence', [rawAwarenessMessage([[5, 1, huge]])])).code).toBe(CloseCode.PresenceTooBig);
  });

  it("a client may not speak for another client's id, nor for a second one: those entries are dropped", async () => {
    const server = await harness.serverWith();
    const victim = await harness.bystander(server, 'claims');
    victim.provider.awareness.setLocalStateField('name', 'Ada');
    const victimId = victim.doc.clientID;
    const states = () => server.rooms.get('claims')!.awareness.getStates();
    await waitUntil(() => states().has(victimId), 'the victim presence on the server');
    const opened = await openRaw(server.url, '/rooms/claims');
    if ('status' in opened) throw new Error('refused');
    let closed = false;
    void opened.closed.then(() => (closed = true));
    opened.ws.send(rawAwarenessMessage([[victimId, 999, 'null']]));
    opened.ws.send(rawAwarenessMessage([[4242, 1, '{"name":"mallory"}']]));
    opened.ws.send(rawAwarenessMessage([[4343, 1, '{"name":"mallory2"}'], [victimId, 1000, '{"name":"forged"}']]));
    opened.ws.send(rawAwarenessMessage([[4242, 2, '{"name":"mallory, renamed"}']]));
    await waitUntil(() => (states().get(4242) as { name?: string } | undefined)?.name === 'mallory, renamed', "the connection's own presence");
    expect(states().get(victimId)).toMatchObject({ name: 'Ada' });
    expect(states().has(4343)).toBe(false);
    expect(closed).toBe(false);
    opened.ws.close();
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ name: 'honest' });
    const honest = await openRaw(server.url, '/rooms/claims');
    if ('status' in honest) throw new Error('refused');
    honest.ws.send(syncStep1(doc));
    honest.ws.send(awarenessMessage(awareness, [doc.clientID]));
    await waitUntil(() => server.rooms.get('claims')!.awareness.getStates().has(doc.clientID), 'the honest presence');
    awareness.destroy();
  });
});
