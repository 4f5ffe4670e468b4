/**
 * A host removing a participant, through a real server with stock y-websocket clients: every socket of the removed
 * browser closes with 4440, the ban keeps that browser out (4441) whatever seat it comes back with from its network
 * address, people already in the room from the same address keep rejoining, the log names who was removed, and once
 * the ban is over the removed person gets back in. The ban is 8 s here (`removeBanSeconds`), long enough for the
 * checks made during it on a busy machine; the test only relies on it having passed after that time.
 */
import { CloseCode, CONTROLS_MAP_NAME, readRoomControls } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { sleep, waitUntil } from '../test/waitUntil.js';
import type { HostLink } from './hostRoute.js';
import { claimRoom, newSeat, postJson, seatParams, showPresence } from './test/hostRequests.js';
import * as Y from 'yjs';
import { syncStep1 } from './test/messages.js';
import { openRaw, type Closed } from './test/rawSocket.js';
import { useSecuredServer } from './test/securityServer.js';

const BAN_SECONDS = 8;
const ctx = useSecuredServer({ removeBanSeconds: BAN_SECONDS });

/** Whether a browser with `seat` may join `roomId` now: the close when refused, else 'joined'. */
async function tryJoinWithReason(roomId: string, seat?: string): Promise<Closed | 'joined'> {
  const query = seat === undefined ? '' : `?seat=${seat}`;
  const opened = await openRaw(ctx.server.url, `/rooms/${roomId}${query}`);
  if ('status' in opened) throw new Error(`upgrade refused with ${opened.status}`);
  // A refused join is closed by the server at once; an admitted one answers our sync step 1.
  const answered = new Promise<'joined'>((resolve) => opened.ws.on('message', () => resolve('joined')));
  if (opened.ws.readyState === opened.ws.OPEN) opened.ws.send(syncStep1(new Y.Doc()));
  const first = await Promise.race([opened.closed, answered]);
  opened.ws.terminate();
  return first;
}

/** The close code of a refused join, or 'joined'. */
async function tryJoin(roomId: string, seat?: string): Promise<number | 'joined'> {
  const result = await tryJoinWithReason(roomId, seat);
  return result === 'joined' ? result : result.code;
}

describe('removing a participant', () => {
  it('closes every socket of their browser with 4440, logs it, and keeps them out until the ban ends', { timeout: 60_000 }, async () => {
    const token = await claimRoom(ctx.server, 'stage');
    const host = ctx.client('stage', seatParams(newSeat(), token));
    const stayingSeat = newSeat();
    const staying = ctx.client('stage', seatParams(stayingSeat));
    const heckler = newSeat();
    const loud = ctx.client('stage', seatParams(heckler));
    const loudSecondTab = ctx.client('stage', seatParams(heckler));
    await showPresence(ctx.server, 'stage', host, 'Ada');
    await showPresence(ctx.server, 'stage', staying, 'Cy');
    const loudId = await showPresence(ctx.server, 'stage', loud, 'Loud');
    await waitUntil(() => loudSecondTab.provider.synced, 'the second tab to sync');

    expect((await postJson(ctx.server, '/rooms/stage/controls', { remove: loudId })).status).toBe(401);
    expect((await postJson(ctx.server, '/rooms/stage/controls', { remove: 'Loud' }, token)).status).toBe(400);
    expect((await postJson(ctx.server, '/rooms/stage/controls', { remove: 12345 }, token)).status).toBe(404);
    const response = await postJson(ctx.server, '/rooms/stage/controls', { remove: loudId, by: 'Ada' }, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ room: 'stage', removed: 'Loud', sockets: 2, banSeconds: BAN_SECONDS, revokedHostLinks: 0 });

    await waitUntil(() => loud.closes.length > 0 && loudSecondTab.closes.length > 0, 'both tabs to be closed');
    expect(loud.closes[0]).toEqual({ code: CloseCode.RemovedByHost, reason: 'Ada removed you; you can rejoin in about 8 s' });
    expect(loudSecondTab.closes[0]?.code).toBe(CloseCode.RemovedByHost);
    // Everyone sees who was removed; the others stay connected.
    await waitUntil(() => readRoomControls(staying.doc.getMap(CONTROLS_MAP_NAME).toJSON()).log.at(-1)?.action === 'remove', 'the log entry');
    expect(readRoomControls(staying.doc.getMap(CONTROLS_MAP_NAME).toJSON()).log.at(-1)).toMatchObject({ by: 'Ada', action: 'remove', target: 'Loud' });
    expect(staying.closes).toEqual([]);
    expect(ctx.server.rooms.get('stage')?.awareness.getStates().has(loudId)).toBe(false);

    // During the ban: the same browser, a new seat (a private window) and no seat at all are refused from this
    // address; a person who was in the room before the ban, from the same address, gets back in.
    expect(await tryJoin('stage', heckler)).toBe(CloseCode.StillRemoved);
    expect(await tryJoin('stage', newSeat())).toBe(CloseCode.StillRemoved);
    expect(await tryJoin('stage')).toBe(CloseCode.StillRemoved);
    expect(await tryJoin('stage', stayingSeat)).toBe('joined');
    expect(await tryJoinWithReason('stage', heckler)).toMatchObject({ reason: expect.stringMatching(/^removed by the host; you can rejoin in [1-8] s$/) });
    // The host's own new device (a host token) is not a newcomer to refuse.
    expect(await tryJoin('stage', `${newSeat()}&token=${token}`)).toBe('joined');
    // Other rooms are not affected.
    expect(await tryJoin('elsewhere', heckler)).toBe('joined');

    await sleep(BAN_SECONDS * 1000 + 200);
    expect(await tryJoin('stage', heckler)).toBe('joined');
    expect(await tryJoin('stage', newSeat())).toBe('joined');
  });

  it("removing a host's own second tab closes that tab only and never locks the host out", async () => {
    const token = await claimRoom(ctx.server, 'rehearsal');
    const seat = newSeat();
    const host = ctx.client('rehearsal', seatParams(seat, token));
    const guestView = ctx.client('rehearsal', seatParams(seat));
    await showPresence(ctx.server, 'rehearsal', host, 'Ada');
    const tabId = await showPresence(ctx.server, 'rehearsal', guestView, 'Ada as a guest');

    expect((await postJson(ctx.server, '/rooms/rehearsal/controls', { remove: tabId }, token)).status).toBe(200);
    await waitUntil(() => guestView.closes.length > 0, 'the second tab to be closed');
    expect(guestView.closes[0]?.code).toBe(CloseCode.RemovedByHost);
    expect(host.closes).toEqual([]);
    // The browser's seat is not banned: the host (and that browser's tabs) come back at once.
    expect(await tryJoin('rehearsal', `${seat}&token=${token}`)).toBe('joined');
    expect(await tryJoin('rehearsal', seat)).toBe('joined');
  });

  it("the owner removing a co-host closes their sockets, bans their seat and revokes the co-host's link", async () => {
    const token = await claimRoom(ctx.server, 'duo');
    const coHostToken = ((await (await postJson(ctx.server, '/rooms/duo/host', {}, token)).json()) as HostLink).host.token;
    const host = ctx.client('duo', seatParams(newSeat(), token));
    const seat = newSeat();
    const coHost = ctx.client('duo', seatParams(seat, coHostToken));
    await showPresence(ctx.server, 'duo', host, 'Ada');
    const coHostId = await showPresence(ctx.server, 'duo', coHost, 'Bo');

    expect((await postJson(ctx.server, '/rooms/duo/controls', { remove: coHostId }, token)).status).toBe(200);
    await waitUntil(() => coHost.closes.length > 0, 'the co-host to be closed');
    expect(coHost.closes[0]?.code).toBe(CloseCode.RemovedByHost);
    expect(host.closes).toEqual([]);
    expect(await tryJoin('duo', `${seat}&token=${coHostToken}`)).toBe(CloseCode.StillRemoved);
    expect((await postJson(ctx.server, '/rooms/duo/controls', { lock: 'prompt' }, coHostToken)).status).toBe(403);
    // The revoked link no longer skips the address rule: a new browser on the same network stays out too.
    expect(await tryJoin('duo', `${newSeat()}&token=${coHostToken}`)).toBe(CloseCode.StillRemoved);
  });
});
