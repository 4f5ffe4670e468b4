/**
 * HTTP endpoints of a room's host (docs/SECURITY.md, host links), served beside the private-room routes:
 *
 *   POST /rooms/<id>/host      → a host link. The first request for a new room (no host yet, empty prompt) needs
 *                                nothing and gets 201: whoever creates the room holds it. After that, a new host
 *                                link needs `Authorization: Bearer <host token>` (200): a lost host link can only be
 *                                recovered through another one.
 *   POST /rooms/<id>/controls  → change the room's controls; body `{ "lock"|"unlock": "<field>", "by"?: name }`,
 *                                `Authorization: Bearer <host token>`; 200 `{ room, locked: [...] }`.
 *
 * The controls live in the room document's `controls` map (packages/protocol `roomControls.ts`), written here in
 * a server transaction, so they are stored and relayed to every client like any edit; clients cannot write that
 * map themselves (the update check refuses unknown roots).
 */
import type { IncomingMessage } from 'node:http';
import {
  CONTROLS_MAP_NAME,
  HOST_LOG_KEY,
  HOST_SINCE_KEY,
  LOCKED_FIELDS_KEY,
  MAX_HOST_LOG_ENTRIES,
  MAX_HOST_NAME_CHARS,
  PROMPT_TEXT_NAME,
  isLockableField,
  readRoomControls,
  type HostAction,
  type LockableField,
} from '@promptjam/protocol';
import * as Y from 'yjs';
import type { TokenKeyring } from './capabilityToken.js';
import { TOKEN_QUERY_PARAM } from './roomAccess.js';

/** Lifetime of a host link, in seconds: a year (a host link is the room's deed). */
export const HOST_TOKEN_TTL_SECONDS = 365 * 24 * 3600;

/** Transaction origin of the server's writes to the controls map. */
export const HOST_CONTROLS_ORIGIN = Symbol('host-controls');

/** A room as the host routes need it; `RoomRegistry.acquire` gives one (loading it if needed). */
export interface HostRoomSource {
  acquire(roomId: string): Promise<{ readonly doc: Y.Doc; releaseUnattached(): void }>;
}

/** What the host routes need. */
export interface HostRouteDeps {
  keyring: TokenKeyring;
  rooms: HostRoomSource;
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
  const room = await deps.rooms.acquire(roomId);
  try {
    return action === 'host' ? issueHostLink(deps, request, roomId, room.doc) : changeControls(deps, request, roomId, room.doc, body);
  } finally {
    // An HTTP request does not keep the room: with nobody connected it unloads after its idle period.
    room.releaseUnattached();
  }
}

function issueHostLink(deps: HostRouteDeps, request: IncomingMessage, roomId: string, doc: Y.Doc): HostRouteAnswer {
  const controls = doc.getMap(CONTROLS_MAP_NAME);
  const since = controls.get(HOST_SINCE_KEY);
  let status = 200;
  if (typeof since !== 'number') {
    if (doc.getText(PROMPT_TEXT_NAME).length > 0) {
      return { status: 409, body: { error: 'only a new room can be claimed: this one has no host and already has a prompt' } };
    }
    Y.transact(doc, () => controls.set(HOST_SINCE_KEY, deps.nowSeconds), HOST_CONTROLS_ORIGIN);
    status = 201;
  } else {
    const denied = checkHostBearer(deps, request, roomId, since);
    if (denied) return denied;
  }
  const token = deps.keyring.sign(roomId, 'host', HOST_TOKEN_TTL_SECONDS, deps.nowSeconds);
  const link: HostLink = { room: roomId, host: { token, path: `/r/${roomId}?${TOKEN_QUERY_PARAM}=${encodeURIComponent(token)}` } };
  return { status, body: link };
}

function changeControls(deps: HostRouteDeps, request: IncomingMessage, roomId: string, doc: Y.Doc, body: Record<string, unknown>): HostRouteAnswer {
  const controls = doc.getMap(CONTROLS_MAP_NAME);
  const since = controls.get(HOST_SINCE_KEY);
  if (typeof since !== 'number') return { status: 403, body: { error: 'this room has no host' } };
  const denied = checkHostBearer(deps, request, roomId, since);
  if (denied) return denied;
  const change = readChange(body);
  if ('error' in change) return { status: 400, body: { error: change.error } };
  const current = readRoomControls(controls.toJSON());
  const locked = new Set(current.locked);
  if (change.action === 'lock') locked.add(change.field);
  else locked.delete(change.field);
  const entry: HostAction = { by: change.by, action: change.action, field: change.field, at: deps.nowSeconds * 1000 };
  Y.transact(
    doc,
    () => {
      controls.set(LOCKED_FIELDS_KEY, [...locked].sort());
      controls.set(HOST_LOG_KEY, [...current.log, entry].slice(-MAX_HOST_LOG_ENTRIES));
    },
    HOST_CONTROLS_ORIGIN,
  );
  return { status: 200, body: { room: roomId, locked: [...locked].sort() } };
}

function readChange(body: Record<string, unknown>): { action: 'lock' | 'unlock'; field: LockableField; by: string } | { error: string } {
  const action = 'lock' in body ? 'lock' : 'unlock' in body ? 'unlock' : undefined;
  if (action === undefined) return { error: 'expected { "lock": field } or { "unlock": field }' };
  const field = body[action];
  if (!isLockableField(field)) return { error: `unknown field ${JSON.stringify(field)}: expected prompt, params or sketch` };
  const by = body.by ?? '';
  if (typeof by !== 'string' || by.length > MAX_HOST_NAME_CHARS) return { error: `by must be a name of at most ${MAX_HOST_NAME_CHARS} characters` };
  return { action, field, by: by.trim() };
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
