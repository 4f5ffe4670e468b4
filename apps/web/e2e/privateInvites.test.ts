/**
 * The invite links the share panel gets (lib/privateInvites.ts) against the real room server's HTTP API, without a
 * browser: an open room, a private room seen from its host's, an editor's, a viewer's and a stranger's page, and a
 * server that cannot be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverHttpUrl, tokenRole } from '../lib/hostLink';
import { makeRoomPrivate, readRoomInvites, type RoomInvites } from '../lib/privateInvites';
import { freePort } from './harness/freePort';
import { startRoomServer, type TestRoomServer } from './harness/roomServer';

describe('private room invites over the real HTTP API', () => {
  let server: TestRoomServer;
  let http = '';

  beforeAll(async () => {
    server = await startRoomServer();
    http = serverHttpUrl(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  /** The tokens of a room made private with no bearer (an open room), as its first locker gets them. */
  async function lockRoom(roomId: string, bearer: string | null = null): Promise<{ editor: string; viewer: string }> {
    const made = await makeRoomPrivate(http, roomId, bearer);
    if (!('invites' in made) || made.invites.kind !== 'private') throw new Error(`could not lock ${roomId}: ${JSON.stringify(made)}`);
    return { editor: made.invites.editor!, viewer: made.invites.viewer! };
  }

  it('an open room has no private links', async () => {
    expect(await readRoomInvites(http, 'wide-open-1', null, null)).toEqual({ kind: 'open' });
  });

  it('a host or an editor mints fresh editor and viewer links; a viewer passes on its own link only; a stranger has none', async () => {
    const claim = await fetch(`${http}/rooms/still-pond-2/host`, { method: 'POST' });
    const hostToken = ((await claim.json()) as { host: { token: string } }).host.token;
    const locked = await lockRoom('still-pond-2', hostToken);
    expect([tokenRole(locked.editor), tokenRole(locked.viewer)]).toEqual(['editor', 'viewer']);

    const fromHost = await readRoomInvites(http, 'still-pond-2', hostToken, null);
    const fromEditor = await readRoomInvites(http, 'still-pond-2', null, locked.editor);
    for (const invites of [fromHost, fromEditor]) {
      expect(invites).toMatchObject({ kind: 'private', error: null });
      const { editor, viewer } = invites as Extract<RoomInvites, { kind: 'private' }>;
      expect([tokenRole(editor!), tokenRole(viewer!)]).toEqual(['editor', 'viewer']);
    }
    expect(await readRoomInvites(http, 'still-pond-2', null, locked.viewer)).toEqual({ kind: 'private', editor: null, viewer: locked.viewer, error: null });
    expect(await readRoomInvites(http, 'still-pond-2', null, null)).toEqual({ kind: 'private', editor: null, viewer: null, error: null });
    // Minting more links revoked nothing: the first ones still mint.
    expect(await readRoomInvites(http, 'still-pond-2', null, locked.editor)).toMatchObject({ kind: 'private', error: null });
  });

  it('a private room cannot be taken over by locking it again without its token', async () => {
    await lockRoom('quiet-bay-3');
    const again = await makeRoomPrivate(http, 'quiet-bay-3', null);
    expect(again).toMatchObject({ unreachable: false, error: expect.stringContaining('editor token') });
  });

  it('says nothing is known when the server cannot be reached', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    expect(await readRoomInvites(nobody, 'any-room-4', null, null)).toEqual({ kind: 'unknown' });
    expect(await makeRoomPrivate(nobody, 'any-room-4', null)).toMatchObject({ unreachable: true });
  });
});
