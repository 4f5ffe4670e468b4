/**
 * The host panel's other controls through a real server with stock y-websocket clients: a view-only room refuses
 * every edit from non-hosts (4442, also as raw bytes from a hand-written client) and opens again; clearing the
 * prompt or the sketch reaches everyone and is undone with Yjs' semantics (what was typed since stays); promoting a
 * person delivers a host link to their sockets only; rotating the host link revokes every earlier one, on the HTTP
 * endpoints and on sockets; and host requests for rooms not loaded respect `maxLoadedRooms` like joins do.
 */
import { CloseCode, CONTROLS_MAP_NAME, readRoomControls, SKETCH_ARRAY_NAME } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, editOf, penStroke } from '../test/sketchEdits.js';
import { waitUntil } from '../test/waitUntil.js';
import type { HostLink } from './hostRoute.js';
import { claimRoom, newSeat, postJson, recordHostGrants, seatParams, showPresence } from './test/hostRequests.js';
import { syncStep1, syncUpdate } from './test/messages.js';
import { sendAndClose } from './test/rawSocket.js';
import { useSecuredServer, type ParamClient } from './test/securityServer.js';

const ctx = useSecuredServer({ maxLoadedRooms: 2 });
const controls = (roomId: string, body: unknown, token?: string): Promise<Response> => postJson(ctx.server, `/rooms/${roomId}/controls`, body, token);
const logOf = (client: ParamClient) => readRoomControls(client.doc.getMap(CONTROLS_MAP_NAME).toJSON()).log;

describe('a view-only room', () => {
  it('refuses every non-host edit with 4442, stock or raw, keeps the host editing, and opens again', async () => {
    const token = await claimRoom(ctx.server, 'talk');
    const host = ctx.client('talk', { token });
    const guest = ctx.client('talk');
    await waitUntil(() => host.provider.synced && guest.provider.synced, 'both to sync');
    host.doc.getText('prompt').insert(0, 'a stage');
    await waitUntil(() => guest.prompt === 'a stage', 'the guest to see the prompt');

    expect((await controls('talk', { viewerOnly: 'yes' }, token)).status).toBe(400);
    const response = await controls('talk', { viewerOnly: true, by: 'Ada' }, token);
    expect(await response.json()).toEqual({ room: 'talk', viewerOnly: true });
    await waitUntil(() => readRoomControls(guest.doc.getMap(CONTROLS_MAP_NAME).toJSON()).viewerOnly, 'the guest to see the room view-only');
    expect(logOf(guest).at(-1)).toMatchObject({ by: 'Ada', action: 'viewer-only' });

    guest.doc.getMap('params').set('seed', 3);
    await waitUntil(() => guest.closes.some((c) => c.code === CloseCode.ViewerOnly), 'the guest to be closed with 4442');
    const room = ctx.server.rooms.get('talk')!;
    expect(room.doc.getMap('params').has('seed')).toBe(false);
    const raw = editOf(room.doc, (replica) => addStroke(replica, penStroke()));
    expect((await sendAndClose(ctx.server.url, '/rooms/talk', [syncStep1(new Y.Doc()), syncUpdate(raw)])).code).toBe(CloseCode.ViewerOnly);
    expect(room.doc.getArray(SKETCH_ARRAY_NAME).length).toBe(0);

    host.doc.getText('prompt').insert(7, ' at night');
    await waitUntil(() => room.doc.getText('prompt').toString() === 'a stage at night', 'the host edit to arrive');

    expect((await controls('talk', { viewerOnly: false }, token)).status).toBe(200);
    const later = ctx.client('talk');
    await waitUntil(() => later.provider.synced && !readRoomControls(later.doc.getMap(CONTROLS_MAP_NAME).toJSON()).viewerOnly, 'a newcomer to see the room open');
    later.doc.getText('prompt').insert(0, 'wide ');
    await waitUntil(() => host.prompt === 'wide a stage at night', 'the newcomer edit to reach the host');
    expect(logOf(host).at(-1)?.action).toBe('open');
  });
});

describe('clearing', () => {
  it('clears the prompt and the sketch for everyone, and undo restores them beside what came after', async () => {
    const token = await claimRoom(ctx.server, 'paint');
    const host = ctx.client('paint', { token });
    const guest = ctx.client('paint');
    await waitUntil(() => host.provider.synced && guest.provider.synced, 'both to sync');
    guest.doc.getText('prompt').insert(0, 'a fox');
    Y.transact(guest.doc, () => {
      addStroke(guest.doc, penStroke());
      addStroke(guest.doc, penStroke([10, 10, 100, 20, 20, 100]));
    });
    await waitUntil(() => host.prompt === 'a fox' && host.doc.getArray(SKETCH_ARRAY_NAME).length === 2, 'the host to see the prompt and strokes');

    expect((await controls('paint', { undoClear: 'prompt' }, token)).status).toBe(409);
    expect((await controls('paint', { clear: 'params' }, token)).status).toBe(400);
    expect(await (await controls('paint', { clear: 'prompt', by: 'Ada' }, token)).json()).toEqual({ room: 'paint', cleared: 'prompt', changed: true });
    expect((await controls('paint', { clear: 'sketch', by: 'Ada' }, token)).status).toBe(200);
    await waitUntil(() => guest.prompt === '' && guest.doc.getArray(SKETCH_ARRAY_NAME).length === 0, 'the guest to see both cleared');
    expect(logOf(guest).slice(-2)).toMatchObject([{ action: 'clear', field: 'prompt' }, { action: 'clear', field: 'sketch' }]);

    // Typed after the clear: kept when the clear is undone.
    guest.doc.getText('prompt').insert(0, 'red ');
    await waitUntil(() => ctx.server.rooms.get('paint')?.doc.getText('prompt').toString() === 'red ', 'the new text to arrive');
    expect(await (await controls('paint', { undoClear: 'prompt', by: 'Ada' }, token)).json()).toEqual({ room: 'paint', restored: 'prompt' });
    expect((await controls('paint', { undoClear: 'sketch' }, token)).status).toBe(200);
    // Both texts hang off the start of the prompt, so Yjs orders them by client id: either order is right.
    const restoredPrompts = ['red a fox', 'a foxred '];
    await waitUntil(() => restoredPrompts.includes(guest.prompt) && guest.doc.getArray(SKETCH_ARRAY_NAME).length === 2, 'the guest to see both restored');
    // The host's copy may lag the guest's on a busy machine: wait for both undos to reach it too.
    await waitUntil(() => logOf(host).filter((entry) => entry.action === 'undo-clear').length === 2, 'the host to see both undos');
    expect(host.prompt).toBe(guest.prompt);
    expect(host.doc.getArray<Y.Map<unknown>>(SKETCH_ARRAY_NAME).get(1).get('points')).toBeInstanceOf(Y.Array);
    expect(logOf(host).at(-2)).toMatchObject({ by: 'Ada', action: 'undo-clear', field: 'prompt' });
    // Each clear is undone once.
    expect((await controls('paint', { undoClear: 'prompt' }, token)).status).toBe(409);
  });
});

describe('promoting a co-host', () => {
  it('sends a host link to that person’s sockets only, which then works on the host endpoints', async () => {
    const token = await claimRoom(ctx.server, 'duo');
    const host = ctx.client('duo', seatParams(newSeat(), token));
    const bea = ctx.client('duo', seatParams(newSeat()));
    const cy = ctx.client('duo', seatParams(newSeat()));
    const grants = new Map<ParamClient, string[]>([bea, cy, host].map((client) => [client, recordHostGrants(client)]));
    await showPresence(ctx.server, 'duo', host, 'Ada');
    await showPresence(ctx.server, 'duo', cy, 'Cy');
    const beaId = await showPresence(ctx.server, 'duo', bea, 'Bea');

    const response = await controls('duo', { promote: beaId, by: 'Ada' }, token);
    // The host who asked never sees the new link.
    expect(await response.json()).toEqual({ room: 'duo', promoted: 'Bea' });
    await waitUntil(() => grants.get(bea)!.length === 1, 'Bea to get a host link');
    expect(grants.get(cy)).toEqual([]);
    expect(grants.get(host)).toEqual([]);
    await waitUntil(() => logOf(cy).at(-1)?.action === 'promote', 'the log entry');
    expect(logOf(cy).at(-1)).toMatchObject({ by: 'Ada', action: 'promote', target: 'Bea' });
    expect((await controls('duo', { lock: 'prompt', by: 'Bea' }, grants.get(bea)![0])).status).toBe(200);
  });
});

describe('rotating the host link', () => {
  it('revokes every earlier host link on the endpoints and on sockets, and hands out a fresh one', async () => {
    const first = await claimRoom(ctx.server, 'keys');
    const coHost = ((await (await postJson(ctx.server, '/rooms/keys/host', {}, first)).json()) as HostLink).host.token;
    const stale = ctx.client('keys', { token: coHost });
    await waitUntil(() => stale.provider.synced, 'the co-host to sync');
    expect((await controls('keys', { lock: 'prompt' }, coHost)).status).toBe(200);

    expect((await postJson(ctx.server, '/rooms/keys/host', { rotate: 'yes' }, first)).status).toBe(400);
    const rotated = await postJson(ctx.server, '/rooms/keys/host', { rotate: true, by: 'Ada' }, first);
    expect(rotated.status).toBe(200);
    const fresh = ((await rotated.json()) as HostLink).host.token;
    expect((await controls('keys', { unlock: 'prompt' }, first)).status).toBe(403);
    expect((await controls('keys', { unlock: 'prompt' }, coHost)).status).toBe(403);
    await waitUntil(() => logOf(stale).at(-1)?.action === 'rotate', 'the co-host to see the rotation');

    // A socket opened with a revoked host token edits like anyone else: the locked prompt refuses it.
    stale.doc.getText('prompt').insert(0, 'mine');
    await waitUntil(() => stale.closes.some((c) => c.code === CloseCode.FieldLocked), 'the revoked co-host to be refused');
    const host = ctx.client('keys', { token: fresh });
    await waitUntil(() => host.provider.synced, 'the host to sync');
    host.doc.getText('prompt').insert(0, 'still hosting');
    await waitUntil(() => ctx.server.rooms.get('keys')?.doc.getText('prompt').toString() === 'still hosting', 'the fresh host edit to arrive');
    expect((await controls('keys', { unlock: 'prompt' }, fresh)).status).toBe(200);
    // A link made by the fresh host in the same second is valid too.
    const next = ((await (await postJson(ctx.server, '/rooms/keys/host', {}, fresh)).json()) as HostLink).host.token;
    expect((await controls('keys', { lock: 'params' }, next)).status).toBe(200);
  });
});

describe('room capacity', () => {
  it('host requests for a room that is not loaded count against maxLoadedRooms like joins', async () => {
    const token = await claimRoom(ctx.server, 'one');
    const a = ctx.client('one', { token });
    const b = ctx.client('two');
    await waitUntil(() => a.provider.synced && b.provider.synced, 'two rooms to be loaded');
    expect(ctx.server.rooms.size).toBe(2);
    expect((await postJson(ctx.server, '/rooms/three/host', {})).status).toBe(503);
    expect((await controls('three', { lock: 'prompt' }, token)).status).toBe(503);
    expect(ctx.server.rooms.size).toBe(2);
    // Loaded rooms are served.
    expect((await controls('one', { lock: 'prompt' }, token)).status).toBe(200);
  });
});
