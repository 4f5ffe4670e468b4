import type { IncomingMessage, ServerResponse } from 'node:http';

const PRIVATE_ROUTE = /^\/rooms\/[^/]+\/private$/;

/**
 * Cluster mode answers `POST` and `DELETE /rooms/<id>/private` with 501: which rooms are private is kept per
 * server (`<data-dir>/private-rooms.json`), so a room locked through one member would stay open on the others.
 * Refusing is the safe answer until that record is shared. Returns whether it answered.
 */
export function refusePrivateRoomsInCluster(request: IncomingMessage, response: ServerResponse): boolean {
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  if (!PRIVATE_ROUTE.test(path) || (request.method !== 'POST' && request.method !== 'DELETE')) return false;
  response.writeHead(501, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ error: 'private rooms are not shared across a cluster yet: this server is a cluster member, so rooms cannot be locked here' }));
  return true;
}
