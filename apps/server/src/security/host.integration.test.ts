/**
 * Host links and locks through a real server with stock y-websocket clients: who may claim a room and mint host
 * links, and a locked prompt that refuses every edit from non-hosts (4410) however the client is modified, while
 * the host keeps editing, other fields stay open and every client converges.
 */
import { CloseCode, CONTROLS_MAP_NAME, readRoomControls } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { waitUntil } from '../test/waitUntil.js';
import type { HostLink } from './hostRoute.js';
import { claimRoom, postJson } from './test/hostRequests.js';
import { sendAndClose } from './test/rawSocket.js';
import { useSecuredServer, type ParamClient } from './test/securityServer.js';
import { syncStep1, syncUpdate } from './test/messages.js';

const ctx = useSecuredServer();
const client = (roomId: string, params: Record<string, string> = {}): ParamClient => ctx.client(roomId, params);

const post = (path: string, body: unknown, token?: string): Promise<Response> => postJson(ctx.server, path, body, token);
const claim = (roomId: string): Promise<string> => claimRoom(ctx.server, roomId);

describe('host links', () => {
  it('the first claim of a new room gets a host link; later links need a host token', async () => {
    const token = await claim('stage');
    expect((await post('/rooms/stage/host', {})).status).toBe(401);
    expect((await post('/rooms/stage/host', {}, 'not-a-token')).status).toBe(403);
    const again = await post('/rooms/stage/host', {}, token);
    expect(again.status).toBe(200);
    expect(((await again.json()) as HostLink).host.path).toMatch(/^\/r\/stage\?token=/);
  });

  it('an existing room with a prompt and no host cannot be claimed', async () => {
    const guest = client('busy');
    await waitUntil(() => guest.provider.synced, 'the guest to sync');
    guest.doc.getText('prompt').insert(0, 'already jamming');
    await waitUntil(() => ctx.server.rooms.get('busy')?.doc.getText('prompt').toString() === 'already jamming', 'the edit to arrive');
    expect((await post('/rooms/busy/host', {})).status).toBe(409);
  });

  it('only a host token changes the controls, and bad requests get 400', async () => {
    const token = await claim('panel');
    expect((await post('/rooms/panel/controls', { lock: 'prompt' })).status).toBe(401);
    expect((await post('/rooms/panel/controls', { lock: 'everything' }, token)).status).toBe(400);
    expect((await post('/rooms/panel/controls', { lock: 'prompt', by: 'x'.repeat(41) }, token)).status).toBe(400);
    const response = await post('/rooms/panel/controls', { lock: 'prompt', by: 'Ada' }, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ room: 'panel', locked: ['prompt'] });
  });
});

describe('a locked prompt', () => {
  it('refuses a non-host edit with 4410 and leaves every document unchanged; params stay open; the host still edits', async () => {
    const token = await claim('workshop');
    const host = client('workshop', { token });
    const guest = client('workshop');
    await waitUntil(() => host.provider.synced && guest.provider.synced, 'both to sync');
    host.doc.getText('prompt').insert(0, 'a lighthouse');
    await waitUntil(() => guest.prompt === 'a lighthouse', 'the guest to see the prompt');

    expect((await post('/rooms/workshop/controls', { lock: 'prompt', by: 'Ada' }, token)).status).toBe(200);
    // Every client sees the lock and who set it.
    await waitUntil(() => readRoomControls(guest.doc.getMap(CONTROLS_MAP_NAME).toJSON()).locked.has('prompt'), 'the guest to see the lock');
    expect(readRoomControls(guest.doc.getMap(CONTROLS_MAP_NAME).toJSON()).log.at(-1)).toMatchObject({ by: 'Ada', action: 'lock', field: 'prompt' });

    // A stock client ignores the lock (like a modified page): its edit is refused whole, never applied or relayed.
    guest.doc.getText('prompt').insert(0, 'graffiti ');
    await waitUntil(() => guest.closes.some((c) => c.code === CloseCode.FieldLocked), 'the guest to be closed with 4410');
    expect(guest.closes.find((c) => c.code === CloseCode.FieldLocked)?.reason).toBe('the host locked the prompt');
    expect(ctx.server.rooms.get('workshop')?.doc.getText('prompt').toString()).toBe('a lighthouse');

    // Deleting is refused too; params are not locked, so a fresh guest may change them.
    const deleter = client('workshop');
    await waitUntil(() => deleter.provider.synced, 'the deleter to sync');
    deleter.doc.getMap('params').set('seed', 7);
    await waitUntil(() => host.doc.getMap('params').get('seed') === 7, 'the params edit to reach the host');
    deleter.doc.getText('prompt').delete(0, 2);
    await waitUntil(() => deleter.closes.some((c) => c.code === CloseCode.FieldLocked), 'the deleter to be closed with 4410');

    host.doc.getText('prompt').insert(12, ' at night');
    const watcher = client('workshop');
    await waitUntil(() => watcher.prompt === 'a lighthouse at night', 'a newcomer to see the host edit, and nothing else');
    expect(host.prompt).toBe('a lighthouse at night');
  });

  it('refuses a raw update from a hand-written client, and accepts edits again once unlocked', async () => {
    const token = await claim('raw');
    const host = client('raw', { token });
    await waitUntil(() => host.provider.synced, 'the host to sync');
    host.doc.getText('prompt').insert(0, 'calm sea');
    await waitUntil(() => ctx.server.rooms.get('raw')?.doc.getText('prompt').toString() === 'calm sea', 'the host edit to arrive');
    expect((await post('/rooms/raw/controls', { lock: 'prompt' }, token)).status).toBe(200);

    // An update built offline against a copy of the room: it hangs off the room's own characters.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(ctx.server.rooms.get('raw')!.doc));
    const before = Y.encodeStateVector(copy);
    copy.getText('prompt').insert(4, ' stormy');
    const raw = Y.encodeStateAsUpdate(copy, before);
    const closed = await sendAndClose(ctx.server.url, '/rooms/raw', [syncStep1(new Y.Doc()), syncUpdate(raw)]);
    expect(closed.code).toBe(CloseCode.FieldLocked);
    expect(ctx.server.rooms.get('raw')?.doc.getText('prompt').toString()).toBe('calm sea');

    expect((await post('/rooms/raw/controls', { unlock: 'prompt' }, token)).status).toBe(200);
    const guest = client('raw');
    await waitUntil(() => guest.provider.synced, 'the guest to sync');
    guest.doc.getText('prompt').insert(8, ', dawn');
    await waitUntil(() => host.prompt === 'calm sea, dawn', 'the unlocked edit to reach the host');
  });
});
