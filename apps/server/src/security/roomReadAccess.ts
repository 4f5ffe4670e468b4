/**
 * Who may read a room over plain HTTP (its timelapse): whoever may join it. An open room is readable by anyone
 * with its name; a private room needs one of its tokens (a viewer's is enough: viewers see every frame anyway),
 * sent as `?token=` like a join, or as `Authorization: Bearer <token>`. Decided by `decideRoomAccess`, the rule
 * joins use, so a revoked or expired link reads nothing either.
 */
import type { IncomingMessage } from 'node:http';
import { epochSeconds, type TokenKeyring } from './capabilityToken.js';
import { TOKEN_QUERY_PARAM, decideRoomAccess, type RoomAccessStore } from './roomAccess.js';

/** The verdict: readable, or the HTTP status and reason to answer. */
export type ReadVerdict = { ok: true } | { ok: false; status: 401 | 403; error: string };

/** What the check reads. */
export interface RoomReadAccessDeps {
  keyring: TokenKeyring;
  access: RoomAccessStore;
  nowSeconds?: () => number;
}

/** The token a request carries: `?token=` first, else `Authorization: Bearer`; null when neither. */
export function requestToken(request: IncomingMessage): string | null {
  const query = new URL(request.url ?? '/', 'http://promptjam.invalid').searchParams.get(TOKEN_QUERY_PARAM);
  if (query !== null && query !== '') return query;
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

/**
 * Decides whether `request` may read `roomId`: 401 without a usable token (none, malformed, expired, revoked),
 * 403 with a token that can never work here (forged, or for another room). Rejects only if the access store does.
 */
export async function checkRoomRead(deps: RoomReadAccessDeps, request: IncomingMessage, roomId: string): Promise<ReadVerdict> {
  const record = await deps.access.get(roomId);
  const decision = decideRoomAccess({ roomId, token: requestToken(request), wantsView: true }, record, deps.keyring, (deps.nowSeconds ?? epochSeconds)());
  if (decision.ok) return { ok: true };
  const { rejection } = decision;
  const neverHere = rejection.reason === 'token-forged' || rejection.reason === 'token-wrong-room';
  const status = neverHere || (rejection.stage === 'upgrade' && rejection.status === 403) ? 403 : 401;
  return { ok: false, status, error: rejection.message };
}
