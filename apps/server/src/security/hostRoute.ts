/**
 * HTTP endpoints of a room's host (docs/SECURITY.md, host links), served beside the private-room routes:
 *
 *   POST /rooms/<id>/host      → a host link. The first request for a new room (no host yet, empty prompt) needs
 *                                nothing and gets 201 with the owner's link: whoever creates the room owns it. After
 *                                that, a co-host link needs `Authorization: Bearer <host token>` (200): a lost host
 *                                link can only be recovered through another one. `{ "rotate": true }` (the owner
 *                                only) also revokes every host link issued before (co-host links included) and
 *                                answers with a fresh owner link.
 *   POST /rooms/<id>/controls  → one change to the room (`hostRequest.ts`): lock or unlock a field, make the room
 *                                view-only or open, clear the prompt or sketch or undo that, remove a person or
 *                                promote them to co-host, or (the owner only) demote a co-host;
 *                                `Authorization: Bearer <host token>`, 200 with the result (`hostPersonActions.ts`).
 *
 * Every change and its log entry is written to the room document's `controls` map in a server transaction, so it
 * is stored and relayed to every client like any edit; clients cannot write that map themselves (the update check
 * refuses unknown roots). Requests for a room that is not loaded count against `maxLoadedRooms` like joins do.
 */
import type { IncomingMessage } from 'node:http';
import {
  CONTROLS_MAP_NAME,
  HOST_SINCE_KEY,
  LOCKED_FIELDS_KEY,
  OWNER_SINCE_KEY,
  PROMPT_TEXT_NAME,
  REVOKED_HOST_LINKS_KEY,
  VIEWER_ONLY_KEY,
  readRoomControls,
} from '@promptjam/protocol';
import * as Y from 'yjs';
import type { HostClaims, TokenKeyring } from './capabilityToken.js';
import { clearField, undoClear } from './hostClear.js';
import { HOST_CONTROLS_ORIGIN, logName, recordHostAction } from './hostLog.js';
import { newHostLinkId, type ModeratedRoom } from './hostModeration.js';
import { actOnPerson } from './hostPersonActions.js';
import { hostStandingOf, rankOf, type HostRank } from './hostRank.js';
import { readHostRequest, type HostChange } from './hostRequest.js';
import type { RemovalBans } from './RemovalBans.js';
import { TOKEN_QUERY_PARAM } from './roomAccess.js';

/** Lifetime of a host link, in seconds: a year (a host link is the room's deed). */
export const HOST_TOKEN_TTL_SECONDS = 365 * 24 * 3600;

/** A room as the host routes need it; `RoomRegistry.acquire` gives one (loading it if needed). */
export interface HostRoomSource {
  acquire(roomId: string): Promise<ModeratedRoom & { releaseUnattached(): void }>;
  /** Whether `roomId` is loaded or another room may be loaded now (`maxLoadedRooms`). */
  hasRoomFor(roomId: string): boolean;
}

/** What the host routes need. */
export interface HostRouteDeps {
  keyring: TokenKeyring;
  rooms: HostRoomSource;
  /** Who the hosts removed; the upgrade gate keeps them out. */
  bans: RemovalBans;
  nowSeconds: number;
}

/** A JSON answer. */
export interface HostRouteAnswer {
  status: number;
  body: unknown;
}

/** The host link of a room, as `POST /rooms/<id>/host` answers it. */
export interface HostLink {
  room: string;
  host: { token: string; path: string };
}

/** Serves `POST /rooms/<id>/host` and `POST /rooms/<id>/controls` (the method is checked by the caller). */
export async function serveHostAction(
  deps: HostRouteDeps,
  request: IncomingMessage,
  roomId: string,
  action: 'host' | 'controls',
  body: Record<string, unknown>,
): Promise<HostRouteAnswer> {
  if (!deps.rooms.hasRoomFor(roomId)) return { status: 503, body: { error: 'the server holds as many rooms as it may; try again later' } };
  const room = await deps.rooms.acquire(roomId);
  try {
    return action === 'host' ? issueHostLink(deps, request, roomId, room.doc, body) : changeControls(deps, request, roomId, room, body);
  } finally {
    // An HTTP request does not keep the room: with nobody connected it unloads after its idle period.
    room.releaseUnattached();
  }
}

function issueHostLink(deps: HostRouteDeps, request: IncomingMessage, roomId: string, doc: Y.Doc, body: Record<string, unknown>): HostRouteAnswer {
  const controls = doc.getMap(CONTROLS_MAP_NAME);
  const standing = hostStandingOf(doc);
  if (typeof controls.get(HOST_SINCE_KEY) !== 'number') {
    if (doc.getText(PROMPT_TEXT_NAME).length > 0) {
      return { status: 409, body: { error: 'only a new room can be claimed: this one has no host and already has a prompt' } };
    }
    Y.transact(
      doc,
      () => {
        controls.set(HOST_SINCE_KEY, deps.nowSeconds);
        controls.set(OWNER_SINCE_KEY, deps.nowSeconds);
      },
      HOST_CONTROLS_ORIGIN,
    );
    return { status: 201, body: hostLinkOf(deps.keyring, roomId, deps.nowSeconds, { owner: true }) };
  }
  const bearer = checkHostBearer(deps, request, roomId, doc);
  if ('denied' in bearer) return bearer.denied;
  const since = standing.hostSince;
  if (body.rotate !== undefined && body.rotate !== false) {
    if (body.rotate !== true) return { status: 400, body: { error: 'rotate must be true or false' } };
    // A room claimed before owners existed has peer hosts: the first of them to rotate becomes its owner.
    if (bearer.rank !== 'owner' && standing.ownerSince > 0) return { status: 403, body: { error: "only the room's owner may revoke host links" } };
    // Every host link issued up to this second is revoked; the new one is issued at the new hostSince.
    const issuedAt = Math.max(deps.nowSeconds, since) + 1;
    recordHostAction(doc, { by: readBy(body), action: 'rotate', at: deps.nowSeconds * 1000 }, (map) => {
      map.set(HOST_SINCE_KEY, issuedAt);
      map.set(OWNER_SINCE_KEY, issuedAt);
      map.delete(REVOKED_HOST_LINKS_KEY);
    });
    return { status: 200, body: hostLinkOf(deps.keyring, roomId, issuedAt, { owner: true }) };
  }
  // hostSince may lie a second ahead (a rotation this second): a link issued before it would be void.
  return { status: 200, body: hostLinkOf(deps.keyring, roomId, Math.max(deps.nowSeconds, since), { hid: newHostLinkId() }) };
}

function hostLinkOf(keyring: TokenKeyring, roomId: string, issuedAt: number, claims: HostClaims): HostLink {
  const token = keyring.sign(roomId, 'host', HOST_TOKEN_TTL_SECONDS, issuedAt, claims);
  return { room: roomId, host: { token, path: `/r/${roomId}?${TOKEN_QUERY_PARAM}=${encodeURIComponent(token)}` } };
}

function changeControls(deps: HostRouteDeps, request: IncomingMessage, roomId: string, room: ModeratedRoom, body: Record<string, unknown>): HostRouteAnswer {
  const since = room.doc.getMap(CONTROLS_MAP_NAME).get(HOST_SINCE_KEY);
  if (typeof since !== 'number') return { status: 403, body: { error: 'this room has no host' } };
  const bearer = checkHostBearer(deps, request, roomId, room.doc);
  if ('denied' in bearer) return bearer.denied;
  const parsed = readHostRequest(body);
  if ('error' in parsed) return { status: 400, body: { error: parsed.error } };
  return applyChange(deps, roomId, room, parsed.change, parsed.by, bearer.rank);
}

function applyChange(deps: HostRouteDeps, roomId: string, room: ModeratedRoom, change: HostChange, by: string, actor: Exclude<HostRank, 'none'>): HostRouteAnswer {
  const { doc } = room;
  const at = deps.nowSeconds * 1000;
  switch (change.action) {
    case 'lock':
    case 'unlock': {
      const locked = new Set(readRoomControls(doc.getMap(CONTROLS_MAP_NAME).toJSON()).locked);
      if (change.action === 'lock') locked.add(change.field);
      else locked.delete(change.field);
      const sorted = [...locked].sort();
      recordHostAction(doc, { by, action: change.action, field: change.field, at }, (controls) => controls.set(LOCKED_FIELDS_KEY, sorted));
      return { status: 200, body: { room: roomId, locked: sorted } };
    }
    case 'viewer-only':
      recordHostAction(doc, { by, action: change.on ? 'viewer-only' : 'open', at }, (controls) => controls.set(VIEWER_ONLY_KEY, change.on));
      return { status: 200, body: { room: roomId, viewerOnly: change.on } };
    case 'clear': {
      const cleared = clearField(doc, change.field, () => recordHostAction(doc, { by, action: 'clear', field: change.field, at }));
      return { status: 200, body: { room: roomId, cleared: change.field, changed: cleared } };
    }
    case 'undo-clear':
      if (!undoClear(doc, change.field)) return { status: 409, body: { error: `no clear of the ${change.field} to undo (undo lasts while the room stays loaded)` } };
      recordHostAction(doc, { by, action: 'undo-clear', field: change.field, at });
      return { status: 200, body: { room: roomId, restored: change.field } };
    case 'remove':
    case 'promote':
    case 'demote':
      return actOnPerson({ ...deps, hostTokenTtlSeconds: HOST_TOKEN_TTL_SECONDS }, roomId, room, change, actor, by);
  }
}

function readBy(body: Record<string, unknown>): string {
  return typeof body.by === 'string' ? logName(body.by) : '';
}

/** The bearer's standing in the room, or the refusal: 401 without a token, 403 for one the room does not honour as a host's. */
export function checkHostBearer(deps: HostRouteDeps, request: IncomingMessage, roomId: string, doc: Y.Doc): { rank: Exclude<HostRank, 'none'> } | { denied: HostRouteAnswer } {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (token === undefined) return { denied: { status: 401, body: { error: 'this room has a host: send a host token as Authorization: Bearer <token>' } } };
  const check = deps.keyring.verify(token, roomId, deps.nowSeconds);
  if (check.status !== 'valid') return { denied: { status: 403, body: { error: `token is ${check.status}` } } };
  if (check.payload.role !== 'host') return { denied: { status: 403, body: { error: 'only a host token may do this' } } };
  const rank = rankOf(check.payload, hostStandingOf(doc));
  return rank === 'none' ? { denied: { status: 403, body: { error: 'token is revoked' } } } : { rank };
}
