/**
 * Who may join a room, and as what. Rooms are open by default: anyone with the link edits. A private room
 * requires a capability token; its role (editor or viewer) is what the connection may do. A client may
 * always ask for less (`?view=1`, which every `/embed` page sends), never for more.
 *
 * Which rooms are private is kept in a {@link RoomAccessStore}; the server backs it with its room store so it
 * survives restarts. `since` is when the room was last locked: editor and viewer tokens issued before it are revoked.
 * Host tokens (the owner's and co-hosts' links, which have their own revocation in the room: hostRank.ts) are
 * judged by `hostLinksSince` instead, which only a reset sets: locking a room the owner just created must not lock
 * the owner out (their host link is a second or more older than the lock).
 */
import type { Role, TokenCheck, TokenKeyring } from './capabilityToken.js';
import { rejectConnection, type Rejection } from './rejections.js';

/** The query parameter carrying a capability token: `/rooms/<id>?token=…`. */
export const TOKEN_QUERY_PARAM = 'token';
/** The query parameter asking for a read-only connection: `/rooms/<id>?view=1` (embeds send it). */
export const VIEW_QUERY_PARAM = 'view';

/** How a private room is recorded. A room with no record is open. */
export interface RoomAccessRecord {
  private: true;
  /** Epoch seconds when the room was (re)locked; editor and viewer tokens issued earlier are refused. */
  since: number;
  /** Epoch seconds of the last reset of its links; host tokens issued earlier are refused. Absent: none. */
  hostLinksSince?: number;
}

/** Whether `token` (a valid token of the room) was revoked by the room's locking or a reset of its links. */
export function revokedByPrivacy(record: RoomAccessRecord, token: { role: Role; iat: number }): boolean {
  return token.iat < (token.role === 'host' ? (record.hostLinksSince ?? 0) : record.since);
}

/** Where the privacy of rooms is kept. Implementations must persist `set` before resolving. */
export interface RoomAccessStore {
  get(roomId: string): Promise<RoomAccessRecord | undefined>;
  /** Records `record`, or makes the room open again with `undefined`. */
  set(roomId: string, record: RoomAccessRecord | undefined): Promise<void>;
}

/** A {@link RoomAccessStore} in memory: for tests, and for servers run without a data dir. */
export class MemoryRoomAccessStore implements RoomAccessStore {
  private readonly records = new Map<string, RoomAccessRecord>();

  async get(roomId: string): Promise<RoomAccessRecord | undefined> {
    return this.records.get(roomId);
  }

  async set(roomId: string, record: RoomAccessRecord | undefined): Promise<void> {
    if (record === undefined) this.records.delete(roomId);
    else this.records.set(roomId, { ...record });
  }
}

/** What a connection request brings to the access decision. */
export interface AccessRequest {
  roomId: string;
  /** The `token` query parameter, or null. */
  token: string | null;
  /** Whether the client asked for a read-only connection. */
  wantsView: boolean;
}

/** The access decision: a role, or a refusal (before or right after the upgrade). */
export type AccessDecision = { ok: true; role: Role; token: TokenCheck | undefined } | { ok: false; rejection: Rejection };

/** Decides `request` against the room's `record` with `keyring` at `nowSeconds`. Never throws. */
export function decideRoomAccess(
  request: AccessRequest,
  record: RoomAccessRecord | undefined,
  keyring: TokenKeyring,
  nowSeconds: number,
): AccessDecision {
  const narrow = (role: Role): Role => (request.wantsView ? 'viewer' : role);
  if (request.token === null || request.token === '') {
    if (record !== undefined) return { ok: false, rejection: rejectConnection('token-missing', 'this room is private: a link with a token is needed') };
    return { ok: true, role: narrow('editor'), token: undefined };
  }
  const check = keyring.verify(request.token, request.roomId, nowSeconds);
  switch (check.status) {
    case 'malformed':
      return { ok: false, rejection: rejectConnection('token-malformed', check.detail) };
    case 'forged':
      return { ok: false, rejection: rejectConnection('token-forged', 'token signature does not match') };
    case 'wrong-room':
      return { ok: false, rejection: rejectConnection('token-wrong-room', 'token is for another room') };
    case 'expired':
      return { ok: false, rejection: rejectConnection('token-expired', 'this link has expired') };
    case 'valid':
      if (record !== undefined && revokedByPrivacy(record, check.payload)) {
        return { ok: false, rejection: rejectConnection('token-expired', 'this link was revoked') };
      }
      return { ok: true, role: narrow(check.payload.role), token: check };
  }
}
