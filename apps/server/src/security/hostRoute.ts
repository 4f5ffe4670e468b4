/**
 * HTTP endpoints of a room's host (docs/SECURITY.md, host links), served beside the private-room routes:
 *
 *   POST /rooms/<id>/host      → a host link. The first request for a new room (no host yet, empty prompt) needs
 *                                nothing and gets 201: whoever creates the room holds it. After that, a new host
 *                                link needs `Authorization: Bearer <host token>` (200): a lost host link can only be
 *                                recovered through another one. `{ "rotate": true }` also revokes every host link
 *                                issued before (co-host links included) and answers with a fresh one.
 *   POST /rooms/<id>/controls  → one change to the room (`hostRequest.ts`): lock or unlock a field, make the room
 *                                view-only or open, clear the prompt or sketch or undo that, remove a person or
 *                                promote them to co-host; `Authorization: Bearer <host token>`, 200 with the result.
 *
 * Every change and its log entry is written to the room document's `controls` map in a server transaction, so it
 * is stored and relayed to every client like any edit; clients cannot write that map themselves (the update check
 * refuses unknown roots). Requests for a room that is not loaded count against `maxLoadedRooms` like joins do.
 */
import type { IncomingMessage } from 'node:http';
import { CONTROLS_MAP_NAME, HOST_SINCE_KEY, LOCKED_FIELDS_KEY, PROMPT_TEXT_NAME, VIEWER_ONLY_KEY, readRoomControls } from '@promptjam/protocol';
import * as Y from 'yjs';
import type { TokenKeyring } from './capabilityToken.js';
import { hostSinceOf } from './fieldLocks.js';
import { clearField, undoClear } from './hostClear.js';
import { HOST_CONTROLS_ORIGIN, logName, recordHostAction } from './hostLog.js';
import { findPerson, grantHost, removePerson, type ModeratedRoom } from './hostModeration.js';
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
  const since = controls.get(HOST_SINCE_KEY);
  let status = 200;
  let issuedAt = deps.nowSeconds;
  if (typeof since !== 'number') {
    if (doc.getText(PROMPT_TEXT_NAME).length > 0) {
      return { status: 409, body: { error: 'only a new room can be claimed: this one has no host and already has a prompt' } };
    }
    Y.transact(doc, () => controls.set(HOST_SINCE_KEY, deps.nowSeconds), HOST_CONTROLS_ORIGIN);
    status = 201;
  } else {
    const denied = checkHostBearer(deps, request, roomId, since);
    if (denied) return denied;
    // hostSince may lie a second ahead (a rotation this second): a link issued before it would be void.
    issuedAt = Math.max(deps.nowSeconds, since);
    if (body.rotate !== undefined && body.rotate !== false) {
      if (body.rotate !== true) return { status: 400, body: { error: 'rotate must be true or false' } };
      // Every host link issued up to this second is revoked; the new one is issued at the new hostSince.
      issuedAt = Math.max(deps.nowSeconds, since) + 1;
      recordHostAction(doc, { by: readBy(body), action: 'rotate', at: deps.nowSeconds * 1000 }, (map) => map.set(HOST_SINCE_KEY, issuedAt));
    }
  }
  return { status, body: hostLinkOf(deps.keyring, roomId, issuedAt) };
}

function hostLinkOf(keyring: TokenKeyring, roomId: string, issuedAt: number): HostLink {
  const token = keyring.sign(roomId, 'host', HOST_TOKEN_TTL_SECONDS, issuedAt);
  return { room: roomId, host: { token, path: `/r/${roomId}?${TOKEN_QUERY_PARAM}=${encodeURIComponent(token)}` } };
}

function changeControls(deps: HostRouteDeps, request: IncomingMessage, roomId: string, room: ModeratedRoom, body: Record<string, unknown>): HostRouteAnswer {
  const since = room.doc.getMap(CONTROLS_MAP_NAME).get(HOST_SINCE_KEY);
  if (typeof since !== 'number') return { status: 403, body: { error: 'this room has no host' } };
  const denied = checkHostBearer(deps, request, roomId, since);
  if (denied) return denied;
  const parsed = readHostRequest(body);
  if ('error' in parsed) return { status: 400, body: { error: parsed.error } };
  return applyChange(deps, roomId, room, parsed.change, parsed.by);
}

function applyChange(deps: HostRouteDeps, roomId: string, room: ModeratedRoom, change: HostChange, by: string): HostRouteAnswer {
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
    case 'promote': {
      const person = findPerson(room, change.clientId);
      if (person === undefined) return { status: 404, body: { error: `nobody in the room shows presence ${change.clientId}` } };
      if (change.action === 'remove') {
        const banSeconds = removePerson(deps.bans, roomId, person, by);
        recordHostAction(doc, { by, action: 'remove', target: person.name, at });
        return { status: 200, body: { room: roomId, removed: person.name, sockets: person.connections.length, banSeconds } };
      }
      grantHost(deps.keyring, roomId, person, Math.max(deps.nowSeconds, hostSinceOf(doc)), HOST_TOKEN_TTL_SECONDS);
      recordHostAction(doc, { by, action: 'promote', target: person.name, at });
      return { status: 200, body: { room: roomId, promoted: person.name } };
    }
  }
}

function readBy(body: Record<string, unknown>): string {
  return typeof body.by === 'string' ? logName(body.by) : '';
}

function checkHostBearer(deps: HostRouteDeps, request: IncomingMessage, roomId: string, since: number): HostRouteAnswer | undefined {
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  if (token === undefined) return { status: 401, body: { error: 'this room has a host: send a host token as Authorization: Bearer <token>' } };
  const check = deps.keyring.verify(token, roomId, deps.nowSeconds);
  if (check.status !== 'valid' || check.payload.iat < since) return { status: 403, body: { error: `token is ${check.status === 'valid' ? 'revoked' : check.status}` } };
  if (check.payload.role !== 'host') return { status: 403, body: { error: 'only a host token may do this' } };
  return undefined;
}
