/**
 * Who may make an open room private (`POST /rooms/<id>/private` on a room that is not private yet). A room nobody
 * has claimed belongs to whoever is in it, so anyone may lock it (and gets its first editor and viewer links). A room
 * with a host (its `controls` map records `hostSince`, docs/SECURITY.md) is run by its owner and co-hosts: locking it
 * would turn everyone else away, so only a current host token, sent as `Authorization: Bearer <token>`, may.
 */
import type { IncomingMessage } from 'node:http';
import { hostStandingOf } from './hostRank.js';
import { checkHostBearer, type HostRouteAnswer, type HostRouteDeps } from './hostRoute.js';

/** The refusal for locking `roomId` with this request, or undefined when it may. Loads the room to read its host. */
export async function refuseLockWithoutHost(deps: HostRouteDeps, request: IncomingMessage, roomId: string): Promise<HostRouteAnswer | undefined> {
  if (!deps.rooms.hasRoomFor(roomId)) return { status: 503, body: { error: 'the server holds as many rooms as it may; try again later' } };
  const room = await deps.rooms.acquire(roomId);
  try {
    if (hostStandingOf(room.doc).hostSince === 0) return undefined;
    const bearer = checkHostBearer(deps, request, roomId, room.doc);
    return 'denied' in bearer ? bearer.denied : undefined;
  } finally {
    // Like the host routes: an HTTP request does not keep the room loaded.
    room.releaseUnattached();
  }
}
