/**
 * The host hierarchy through a real server, its HTTP API and stock y-websocket clients: the room's creator is its
 * owner, co-hosts are promoted (over the socket) or given a co-host link; the server stamps who is what into
 * presence; a co-host trying each thing only the owner may do is refused (remove or demote the owner, revoke host
 * links, demote another co-host) and the owner keeps running the room; the owner demotes and removes co-hosts, whose
 * links then stop working on the endpoints and on their sockets; a room claimed before owners existed keeps its
 * peer hosts until one of them revokes the others and so becomes the owner.
 */
import {
  CloseCode,
  CONTROLS_MAP_NAME,
  HOST_SINCE_KEY,
  OWNER_SINCE_KEY,
  presenceRole,
  readRoomControls,
  type HostRole,
} from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { waitUntil } from '../test/waitUntil.js';
import { HOST_CONTROLS_ORIGIN } from './hostLog.js';
import type { HostLink } from './hostRoute.js';
import { claimRoom, newSeat, postJson, recordHostGrants, seatParams, showPresence } from './test/hostRequests.js';
import { TEST_KEYRING, useSecuredServer, type ParamClient } from './test/securityServer.js';

const ctx = useSecuredServer({ removeBanSeconds: 60 });
const controls = (roomId: string, body: unknown, token?: string): Promise<Response> => postJson(ctx.server, `/rooms/${roomId}/controls`, body, token);
const controlsOf = (client: ParamClient) => readRoomControls(client.doc.getMap(CONTROLS_MAP_NAME).toJSON());
/** The role `viewer`'s copy of presence shows for `clientId`. */
const roleSeenBy = (viewer: ParamClient, clientId: number): HostRole | null => presenceRole(viewer.provider.awareness.getStates().get(clientId));

/** Status and JSON body of a response. */
async function answer(response: Promise<Response>): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await response;
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

/** A co-host link made by a host (`POST /host` with their bearer token). */
async function coHostLink(roomId: string, hostToken: string): Promise<string> {
  const response = await postJson(ctx.server, `/rooms/${roomId}/host`, {}, hostToken);
  expect(response.status).toBe(200);
  return ((await response.json()) as HostLink).host.token;
}

/** Promotes the person with `clientId` and returns the host link their socket received. */
async function promote(roomId: string, ownerToken: string, client: ParamClient, clientId: number): Promise<string> {
  const granted = recordHostGrants(client);
  expect((await controls(roomId, { promote: clientId, by: 'Ada' }, ownerToken)).status).toBe(200);
  await waitUntil(() => granted.length === 1, 'the co-host link to arrive');
  return granted[0]!;
}

describe('the host hierarchy', () => {
  it('shows the owner and the co-hosts in presence, stamped by the server, never by a client', async () => {
    const owner = await claimRoom(ctx.server, 'ranks');
    const ada = ctx.client('ranks', seatParams(newSeat(), owner));
    const bo = ctx.client('ranks', seatParams(newSeat()));
    const cy = ctx.client('ranks', seatParams(newSeat()));
    const adaId = await showPresence(ctx.server, 'ranks', ada, 'Ada');
    const boId = await showPresence(ctx.server, 'ranks', bo, 'Bo');
    // A guest claiming to be the owner is shown as a guest.
    cy.provider.awareness.setLocalStateField('role', 'owner');
    const cyId = await showPresence(ctx.server, 'ranks', cy, 'Cy');
    await waitUntil(() => roleSeenBy(bo, adaId) === 'owner', 'Bo to see Ada as the owner');
    expect(roleSeenBy(ada, cyId)).toBeNull();
    expect(roleSeenBy(ada, boId)).toBeNull();

    // Bo is promoted and rejoins with the granted link, as the web app does.
    const boLink = await promote('ranks', owner, bo, boId);
    const boHost = ctx.client('ranks', seatParams(newSeat(), boLink));
    const boHostId = await showPresence(ctx.server, 'ranks', boHost, 'Bo');
    await waitUntil(() => roleSeenBy(cy, boHostId) === 'host', 'Cy to see Bo as a co-host');
    expect(roleSeenBy(cy, adaId)).toBe('owner');
  });

  it('refuses a co-host each thing only the owner may do, and the owner still does them', async () => {
    const owner = await claimRoom(ctx.server, 'crew');
    const ada = ctx.client('crew', seatParams(newSeat(), owner));
    const adaId = await showPresence(ctx.server, 'crew', ada, 'Ada');
    const boLink = await coHostLink('crew', owner);
    const bo = ctx.client('crew', seatParams(newSeat(), boLink));
    const boId = await showPresence(ctx.server, 'crew', bo, 'Bo');
    const cyLink = await coHostLink('crew', boLink);
    const cy = ctx.client('crew', seatParams(newSeat(), cyLink));
    const cyId = await showPresence(ctx.server, 'crew', cy, 'Cy');

    // A co-host runs the room (locks) but cannot act on the owner or on the host links.
    expect((await controls('crew', { lock: 'prompt', by: 'Bo' }, boLink)).status).toBe(200);
    expect(await answer(controls('crew', { remove: adaId, by: 'Bo' }, boLink))).toEqual({ status: 403, body: { error: "a co-host cannot remove the room's owner" } });
    expect(await answer(controls('crew', { demote: adaId, by: 'Bo' }, boLink))).toEqual({ status: 403, body: { error: "only the room's owner may demote a co-host" } });
    expect(await answer(controls('crew', { demote: cyId, by: 'Bo' }, boLink))).toMatchObject({ status: 403 });
    expect(await answer(postJson(ctx.server, '/rooms/crew/host', { rotate: true, by: 'Bo' }, boLink))).toEqual({
      status: 403,
      body: { error: "only the room's owner may revoke host links" },
    });
    expect((await controls('crew', { promote: adaId }, boLink)).status).toBe(409);
    // Nothing of it reached the owner: still connected, still the owner, the log has no such entry.
    expect(ada.closes).toEqual([]);
    expect((await controls('crew', { unlock: 'prompt', by: 'Ada' }, owner)).status).toBe(200);
    await waitUntil(() => controlsOf(ada).log.length === 2, 'the unlock to reach Ada');
    expect(controlsOf(ada).log.map((entry) => entry.action)).toEqual(['lock', 'unlock']);

    // The owner demotes Bo: Bo's link stops working on the endpoints and on Bo's socket, and presence follows.
    expect((await controls('crew', { demote: adaId }, owner)).status).toBe(403);
    expect(await answer(controls('crew', { demote: boId, by: 'Ada' }, owner))).toEqual({ status: 200, body: { room: 'crew', demoted: 'Bo' } });
    await waitUntil(() => controlsOf(bo).revokedHosts.size === 1, 'Bo to see the demotion');
    expect(controlsOf(bo).log.at(-1)).toMatchObject({ by: 'Ada', action: 'demote', target: 'Bo' });
    expect(await answer(controls('crew', { lock: 'prompt' }, boLink))).toEqual({ status: 403, body: { error: 'token is revoked' } });
    expect((await controls('crew', { demote: boId }, owner)).status).toBe(409);
    bo.provider.awareness.setLocalStateField('typing', false);
    await waitUntil(() => roleSeenBy(ada, boId) === null, 'Bo to show as a guest');
    expect((await controls('crew', { lock: 'prompt', by: 'Ada' }, owner)).status).toBe(200);
    bo.doc.getText('prompt').insert(0, 'still mine?');
    await waitUntil(() => bo.closes.some((c) => c.code === CloseCode.FieldLocked), 'the demoted co-host to be refused');
    // Cy's link, made by Bo, is its own link: it still works.
    expect((await controls('crew', { unlock: 'prompt' }, cyLink)).status).toBe(200);

    // The owner removes Cy: the socket closes and Cy's link is revoked with it.
    const removed = await answer(controls('crew', { remove: cyId, by: 'Ada' }, owner));
    expect(removed).toMatchObject({ status: 200, body: { removed: 'Cy', revokedHostLinks: 1 } });
    await waitUntil(() => cy.closes.some((c) => c.code === CloseCode.RemovedByHost), 'Cy to be removed');
    expect((await controls('crew', { lock: 'params' }, cyLink)).status).toBe(403);

    // Revoking every other host link is the owner's, and gives the owner a fresh owner link.
    const rotated = await answer(postJson(ctx.server, '/rooms/crew/host', { rotate: true, by: 'Ada' }, owner));
    expect(rotated.status).toBe(200);
    const fresh = (rotated.body as unknown as HostLink).host.token;
    expect((await controls('crew', { lock: 'params' }, owner)).status).toBe(403);
    expect((await postJson(ctx.server, '/rooms/crew/host', { rotate: true }, fresh)).status).toBe(200);
  });

  it('keeps the peer hosts of a room claimed before owners existed until one of them revokes the others', async () => {
    await claimRoom(ctx.server, 'legacy');
    const keep = ctx.client('legacy');
    await waitUntil(() => keep.provider.synced, 'the room to load');
    // The room as an older server left it: hostSince, no owner record, host links without claims.
    const doc = ctx.server.rooms.get('legacy')!.doc;
    const since = doc.getMap(CONTROLS_MAP_NAME).get(HOST_SINCE_KEY) as number;
    Y.transact(doc, () => doc.getMap(CONTROLS_MAP_NAME).delete(OWNER_SINCE_KEY), HOST_CONTROLS_ORIGIN);
    const first = TEST_KEYRING.sign('legacy', 'host', 3600, since);
    const second = TEST_KEYRING.sign('legacy', 'host', 3600, since);
    const firstClient = ctx.client('legacy', seatParams(newSeat(), first));
    const firstId = await showPresence(ctx.server, 'legacy', firstClient, 'First');
    await waitUntil(() => roleSeenBy(keep, firstId) === 'host', 'a legacy host to show as a co-host');

    // Peers: either may lock; neither can demote (nobody is the owner yet).
    expect((await controls('legacy', { lock: 'prompt' }, second)).status).toBe(200);
    expect((await controls('legacy', { demote: firstId }, second)).status).toBe(403);
    // The first to revoke the others becomes the owner; the other's link is void.
    const rotated = await answer(postJson(ctx.server, '/rooms/legacy/host', { rotate: true, by: 'Second' }, second));
    expect(rotated.status).toBe(200);
    const owner = (rotated.body as unknown as HostLink).host.token;
    expect((await controls('legacy', { unlock: 'prompt' }, first)).status).toBe(403);
    expect((await postJson(ctx.server, '/rooms/legacy/host', { rotate: true }, first)).status).toBe(403);
    const ownerClient = ctx.client('legacy', seatParams(newSeat(), owner));
    const ownerId = await showPresence(ctx.server, 'legacy', ownerClient, 'Second');
    await waitUntil(() => roleSeenBy(keep, ownerId) === 'owner', 'the new owner to show as the owner');
    expect((await controls('legacy', { unlock: 'prompt' }, owner)).status).toBe(200);
  });

  it('lets only a host lock an open room that has one; a room nobody claimed anyone may lock', async () => {
    const owner = await claimRoom(ctx.server, 'lock-owned');
    const lock = (roomId: string, token?: string) => answer(postJson(ctx.server, `/rooms/${roomId}/private`, {}, token));
    const isPrivate = async (roomId: string) => ((await (await fetch(`${ctx.server.httpUrl}/rooms/${roomId}/access`)).json()) as { private: boolean }).private;
    // A stranger with no token, or with a token of another kind, cannot turn the room's people away.
    expect(await lock('lock-owned')).toMatchObject({ status: 401 });
    expect(await lock('lock-owned', TEST_KEYRING.sign('lock-owned', 'editor', 3600))).toMatchObject({ status: 403 });
    expect(await lock('lock-owned', TEST_KEYRING.sign('other-room', 'host', 3600))).toMatchObject({ status: 403 });
    expect(await isPrivate('lock-owned')).toBe(false);
    // A co-host may, like the owner.
    const coHost = await coHostLink('lock-owned', owner);
    const locked = await lock('lock-owned', coHost);
    expect(locked.status).toBe(201);
    expect(await isPrivate('lock-owned')).toBe(true);
    // A room without a host is anyone's to lock, as before owners existed.
    expect((await lock('lock-unclaimed')).status).toBe(201);
  });
});
