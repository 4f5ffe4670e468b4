/**
 * Access control through a real server: origins, room names, private rooms with editor and viewer links,
 * expired, forged and misplaced tokens, and viewers (and embeds) that try to write anyway.
 */
import { CloseCode } from '@promptjam/protocol';
import type { ImageEngine } from '@promptjam/diffusion';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RunningServer } from '../server/startServer.js';
import { createDemoEngine, makeDataDir, removeDataDir } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';
import type { PrivateRoomLinks } from './privateRoomsRoute.js';
import { closeAllRaw, closeOnOpen, refusalStatus, sendAndClose, upgradeStatusOfRawPath } from './test/rawSocket.js';
import { ParamClient, TEST_KEYRING, startSecuredServer } from './test/securityServer.js';
import { syncStep1, syncUpdate } from './test/messages.js';

let engine: ImageEngine;
let server: RunningServer;
let dataDir: string;
const clients: ParamClient[] = [];

beforeAll(async () => {
  engine = await createDemoEngine();
}, 60_000);
afterAll(async () => {
  await engine?.dispose();
});
beforeEach(async () => {
  dataDir = await makeDataDir();
  server = await startSecuredServer(engine, dataDir);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  closeAllRaw();
  await server.close();
  await removeDataDir(dataDir);
});

function client(roomId: string, params: Record<string, string> = {}): ParamClient {
  const c = new ParamClient(server, roomId, params);
  clients.push(c);
  return c;
}

async function lock(roomId: string): Promise<PrivateRoomLinks> {
  const response = await fetch(`${server.httpUrl}/rooms/${roomId}/private`, { method: 'POST', body: JSON.stringify({ ttlSeconds: 3600 }) });
  expect(response.status).toBe(201);
  return (await response.json()) as PrivateRoomLinks;
}

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('prompt').insert(0, text);
  return syncUpdate(Y.encodeStateAsUpdate(doc));
}

describe('origin allow-list', () => {
  it('refuses a page on another origin with 403, accepts the web app and non-browser clients', async () => {
    expect(await refusalStatus(server.url, '/rooms/jam', { origin: 'https://evil.example' })).toBe(403);
    expect(await refusalStatus(server.url, '/rooms/jam', { origin: 'null' })).toBe(403);
    for (const headers of [{ origin: 'http://localhost:3000' }, {}] as Array<Record<string, string>>) {
      const closed = sendAndClose(server.url, '/rooms/jam', [Uint8Array.of(99)], headers);
      expect((await closed).code).toBe(1008); // accepted, then closed for the unknown message
    }
  });
});

describe('room names', () => {
  it('answers path traversal, NUL, huge, empty and whitespace names with 400 before the upgrade', async () => {
    for (const name of ['..%2F..%2Fetc', '..', '../../etc/passwd', 'a%00b', 'x'.repeat(10_000), '', '%20', 'a%20b', '%09', 'a.b', '%C3%BC']) {
      expect(await upgradeStatusOfRawPath(server.httpUrl, `/rooms/${name}`), name.slice(0, 20)).toBe(400);
    }
    expect(await upgradeStatusOfRawPath(server.httpUrl, '/elsewhere')).toBe(404);
    expect(await upgradeStatusOfRawPath(server.httpUrl, '/rooms/fine-name_1')).toBe(101);
  });
});

describe('private rooms', () => {
  it('an open room lets anyone edit', async () => {
    const a = client('open-jam');
    const b = client('open-jam');
    await waitUntil(() => a.provider.synced && b.provider.synced, 'clients to sync');
    a.doc.getText('prompt').insert(0, 'a red fox');
    await waitUntil(() => b.prompt === 'a red fox', 'the edit to reach the other client');
  });

  it('requires a token once private: none gets 4401, the viewer link reads, the editor link writes', async () => {
    const links = await lock('secret');
    const anonymous = client('secret');
    await waitUntil(() => anonymous.closes.length > 0, 'the tokenless client to be closed');
    expect(anonymous.closes[0]).toMatchObject({ code: 4401 });

    const editor = client('secret', { token: links.editor.token });
    const viewer = client('secret', { token: links.viewer.token });
    await waitUntil(() => editor.provider.synced && viewer.provider.synced, 'editor and viewer to sync');
    editor.doc.getText('prompt').insert(0, 'a blue whale');
    await waitUntil(() => viewer.prompt === 'a blue whale', 'the viewer to see the edit');

    viewer.doc.getText('prompt').insert(0, 'vandalised ');
    await waitUntil(() => viewer.closes.length > 0, 'the viewer to be closed for writing');
    expect(viewer.closes[0]).toMatchObject({ code: 4403 });
    await sleep(200);
    expect(editor.prompt).toBe('a blue whale');
    expect(server.rooms.get('secret')!.doc.getText('prompt').toString()).toBe('a blue whale');
  });

  it('answers expired tokens with 4401; forged, misplaced and garbled ones with 4402 on the socket, so the page can say why', async () => {
    await lock('vault');
    const longAgo = Math.floor(Date.now() / 1000) - 7200;
    const expired = TEST_KEYRING.sign('vault', 'editor', 60, longAgo);
    expect((await closeOnOpen(server.url, `/rooms/vault?token=${expired}`)).code).toBe(4401);
    const [payload, signature] = TEST_KEYRING.sign('vault', 'viewer', 3600).split('.') as [string, string];
    const promoted = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('viewer', 'editor')).toString('base64url');
    expect((await closeOnOpen(server.url, `/rooms/vault?token=${promoted}.${signature}`)).code).toBe(CloseCode.TokenInvalid);
    expect((await closeOnOpen(server.url, `/rooms/vault?token=${TEST_KEYRING.sign('other', 'editor', 3600)}`)).code).toBe(CloseCode.TokenInvalid);
    expect((await closeOnOpen(server.url, '/rooms/vault?token=garbage')).code).toBe(CloseCode.TokenInvalid);
    // A cut-short link to an open room is refused the same way, not silently accepted.
    expect((await closeOnOpen(server.url, '/rooms/open-door?token=abc')).code).toBe(CloseCode.TokenInvalid);
  });

  it('survives a restart: the room stays private and its links keep working', async () => {
    const links = await lock('lasting');
    await server.close();
    server = await startSecuredServer(engine, dataDir);
    expect((await closeOnOpen(server.url, '/rooms/lasting')).code).toBe(4401);
    const editor = client('lasting', { token: links.editor.token });
    await waitUntil(() => editor.provider.synced, 'the editor to sync after the restart');
  });
});

describe('viewers and embeds', () => {
  it('an embed (?view=1) in an open room syncs but any write closes it with 4403', async () => {
    const writer = client('gallery');
    await waitUntil(() => writer.provider.synced, 'the writer to sync');
    writer.doc.getText('prompt').insert(0, 'a castle');
    const embed = client('gallery', { view: '1' });
    await waitUntil(() => embed.prompt === 'a castle', 'the embed to receive the prompt');
    expect(embed.closes).toEqual([]);
    const closed = await sendAndClose(server.url, '/rooms/gallery?view=1', [syncStep1(new Y.Doc()), edit('graffiti')]);
    expect(closed.code).toBe(4403);
    expect(server.rooms.get('gallery')!.doc.getText('prompt').toString()).toBe('a castle');
  });

  it("a viewer's presence is never shown to others", async () => {
    const editor = client('presence');
    const viewer = client('presence', { view: '1' });
    await waitUntil(() => editor.provider.synced && viewer.provider.synced, 'both to sync');
    viewer.provider.awareness.setLocalStateField('name', 'lurker');
    editor.provider.awareness.setLocalStateField('name', 'Ada');
    await waitUntil(() => viewer.provider.awareness.getStates().size >= 2, 'the viewer to see the editor');
    await sleep(300);
    const seenByEditor = [...editor.provider.awareness.getStates().values()].map((s) => (s as { name?: string }).name);
    expect(seenByEditor).not.toContain('lurker');
  });
});
