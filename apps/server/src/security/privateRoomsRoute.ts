/**
 * HTTP endpoints that make a room private and hand out its links:
 *
 *   GET    /rooms/<id>/access    → 200 { room, private }
 *   POST   /rooms/<id>/private   → lock the room; 201 (newly locked) or 200 (already private) with links
 *                                   body (optional JSON): { ttlSeconds?: number, reset?: boolean }
 *   DELETE /rooms/<id>/private   → open the room again; 204
 *   POST   /rooms/<id>/host, /rooms/<id>/controls → a room's host links and controls (`hostRoute.ts`)
 *
 * Locking an open room needs nothing (whoever has the link could edit anyway; the first to lock it gets the
 * editor link). Once private, minting new links, resetting (revoking every earlier link) and reopening need
 * `Authorization: Bearer <editor token of this room>`. Requests from a page on an origin the allow-list
 * refuses get 403; allowed cross-origin pages (the web app on :3000) get CORS headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonicalRoomId, ROOM_PATH_SEGMENT_PATTERN } from '@promptjam/protocol';
import { epochSeconds, type Role, type TokenKeyring } from './capabilityToken.js';
import type { IpConnectionTracker } from './IpConnectionTracker.js';
import { clientAddress } from './clientAddress.js';
import { checkOrigin, type OriginPolicy } from './originPolicy.js';
import { serveHostAction, type HostRoomSource } from './hostRoute.js';
import { refuseLockWithoutHost } from './lockNeedsHost.js';
import type { RemovalBans } from './RemovalBans.js';
import { TOKEN_QUERY_PARAM, revokedByPrivacy, type RoomAccessRecord, type RoomAccessStore } from './roomAccess.js';

/** Default lifetime of minted links: 30 days, in seconds. */
export const DEFAULT_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
/** Longest lifetime a request may ask for: 365 days, in seconds. */
export const MAX_TOKEN_TTL_SECONDS = 365 * 24 * 3600;
/** Shortest lifetime a request may ask for, in seconds. */
export const MIN_TOKEN_TTL_SECONDS = 60;
/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 4096;

/** The links of a private room (paths on the web app; the page adds its own origin). */
export interface PrivateRoomLinks {
  room: string;
  private: true;
  /** When both tokens expire, epoch seconds. */
  expiresAt: number;
  editor: { token: string; path: string };
  viewer: { token: string; path: string };
  embed: { path: string };
}

/** What the route needs. */
export interface PrivateRoomsDeps {
  keyring: TokenKeyring;
  access: RoomAccessStore;
  origins: OriginPolicy;
  /** Per-address rate limit shared with upgrades. */
  addresses: IpConnectionTracker;
  trustProxy: boolean;
  nowSeconds?: () => number;
  /** Where the host routes (`hostRoute.ts`) find rooms, and who they removed; without them they answer 404. */
  host?: { rooms: HostRoomSource; bans: RemovalBans };
}

const ROUTE = new RegExp(`^/rooms/(${ROOM_PATH_SEGMENT_PATTERN.source.slice(1, -1)})/(private|access|host|controls)$`);

/** Returns a handler that serves the routes above and returns false for any other path (left to the caller). */
export function createPrivateRoomsHandler(deps: PrivateRoomsDeps): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const match = ROUTE.exec((request.url ?? '').split('?', 1)[0] ?? '');
    if (!match) return false;
    const [, spelling, action] = match as unknown as [string, string, RouteAction];
    const room = canonicalRoomId(spelling);
    if ('error' in room) {
      send(response, 400, { error: room.error });
      return true;
    }
    const roomId = room.roomId;
    const origin = request.headers.origin;
    const originCheck = checkOrigin(deps.origins, origin, request.headers.host);
    if (!originCheck.allowed) {
      send(response, 403, { error: 'origin not allowed' });
      return true;
    }
    if (origin !== undefined) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'access-control-allow-methods': 'GET, POST, DELETE', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' });
      response.end();
      return true;
    }
    const admission = deps.addresses.admit(clientAddress(request, deps.trustProxy));
    if (!admission.ok) {
      send(response, 429, { error: 'too many requests' });
      return true;
    }
    deps.addresses.release(admission.key);
    serve(deps, request, response, roomId, action).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: `could not update the room: ${(error as Error).message}` });
      else response.destroy();
    });
    return true;
  };
}

type RouteAction = 'private' | 'access' | 'host' | 'controls';

async function serve(deps: PrivateRoomsDeps, request: IncomingMessage, response: ServerResponse, roomId: string, action: RouteAction): Promise<void> {
  const now = (deps.nowSeconds ?? epochSeconds)();
  if (action === 'host' || action === 'controls') {
    if (deps.host === undefined) return send(response, 404, { error: 'rooms have no hosts on this server' });
    if (request.method !== 'POST') return send(response, 405, { error: 'use POST' });
    const body = await readJsonObject(request);
    if ('error' in body) return send(response, 400, { error: body.error });
    const answer = await serveHostAction({ keyring: deps.keyring, ...deps.host, nowSeconds: now }, request, roomId, action, body.value);
    return send(response, answer.status, answer.body);
  }
  const record = await deps.access.get(roomId);
  if (action === 'access') {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, { error: 'use GET' });
    return send(response, 200, { room: roomId, private: record !== undefined });
  }
  if (request.method !== 'POST' && request.method !== 'DELETE') return send(response, 405, { error: 'use POST or DELETE' });
  if (record !== undefined) {
    const denied = checkEditorBearer(deps.keyring, request, roomId, record, now);
    if (denied) return send(response, denied.status, { error: denied.error });
  } else if (request.method === 'POST' && deps.host !== undefined) {
    // An open room with a host is locked by a host only (lockNeedsHost.ts).
    const refused = await refuseLockWithoutHost({ keyring: deps.keyring, ...deps.host, nowSeconds: now }, request, roomId);
    if (refused) return send(response, refused.status, refused.body);
  }
  if (request.method === 'DELETE') {
    await deps.access.set(roomId, undefined);
    response.writeHead(204).end();
    return;
  }
  const body = await readBody(request);
  if ('error' in body) return send(response, 400, { error: body.error });
  let since = record?.since ?? now;
  if (record === undefined || body.reset) {
    // A reset revokes every token issued so far, host links included, also ones issued this very second. A lock
    // without one revokes only earlier editor and viewer links (of an earlier private spell), never the hosts' own.
    since = record === undefined ? now : Math.max(now, record.since + 1);
    await deps.access.set(roomId, body.reset ? { private: true, since, hostLinksSince: since } : { private: true, since });
  }
  const issuedAt = Math.max(now, since);
  const sign = (role: Role): string => deps.keyring.sign(roomId, role, body.ttlSeconds, issuedAt);
  const editor = sign('editor');
  const viewer = sign('viewer');
  const q = (token: string): string => `?${TOKEN_QUERY_PARAM}=${encodeURIComponent(token)}`;
  const links: PrivateRoomLinks = {
    room: roomId,
    private: true,
    expiresAt: issuedAt + body.ttlSeconds,
    editor: { token: editor, path: `/r/${roomId}${q(editor)}` },
    viewer: { token: viewer, path: `/r/${roomId}${q(viewer)}` },
    embed: { path: `/embed/${roomId}${q(viewer)}` },
  };
  send(response, record === undefined ? 201 : 200, links);
}

function checkEditorBearer(keyring: TokenKeyring, request: IncomingMessage, roomId: string, record: RoomAccessRecord, now: number): { status: number; error: string } | undefined {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (token === undefined) return { status: 401, error: 'this room is private: send its editor token as Authorization: Bearer <token>' };
  const check = keyring.verify(token, roomId, now);
  if (check.status !== 'valid' || revokedByPrivacy(record, check.payload)) return { status: 403, error: `token is ${check.status === 'valid' ? 'revoked' : check.status}` };
  if (check.payload.role === 'viewer') return { status: 403, error: 'only an editor or host token may change a private room' };
  return undefined;
}

async function readBody(request: IncomingMessage): Promise<{ ttlSeconds: number; reset: boolean } | { error: string }> {
  const body = await readJsonObject(request);
  if ('error' in body) return body;
  const { ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS, reset = false } = body.value;
  if (typeof ttlSeconds !== 'number' || !Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TOKEN_TTL_SECONDS || ttlSeconds > MAX_TOKEN_TTL_SECONDS) {
    return { error: `ttlSeconds must be an integer in [${MIN_TOKEN_TTL_SECONDS}, ${MAX_TOKEN_TTL_SECONDS}]` };
  }
  if (typeof reset !== 'boolean') return { error: 'reset must be true or false' };
  return { ttlSeconds, reset };
}

/** The request body as a JSON object (an empty body is `{}`), or why it is not one. */
async function readJsonObject(request: IncomingMessage): Promise<{ value: Record<string, unknown> } | { error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { error: `body larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'body must be JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'body must be a JSON object' };
  return { value: value as Record<string, unknown> };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
