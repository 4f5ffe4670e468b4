/**
 * Capability tokens: a signed statement "the bearer may join room R as an editor or a viewer until time T".
 *
 * Format: `base64url(JSON payload) "." base64url(HMAC-SHA256(secret, "promptjam-token-v1." + payloadPart))`.
 * The payload is `{ v: 1, room, role, iat, exp }` with times in epoch seconds. Tokens are signed with the first
 * secret of a {@link TokenKeyring} and accepted under any of its secrets, so a secret can be rotated without
 * breaking every link at once. Verification never throws: every outcome is a named {@link TokenCheck}.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalRoomId, HOST_LINK_ID_PATTERN, isValidRoomId, ROOM_PATH_SEGMENT_PATTERN } from '@promptjam/protocol';

/**
 * What a token lets its bearer do in its room. A `host` edits like an editor, also while the host has locked a
 * field, and may change the room's controls (docs/SECURITY.md, host links).
 */
export type Role = 'editor' | 'viewer' | 'host';

/**
 * Extra signed claims of a host token (docs/SECURITY.md, host links): `owner` marks the room creator's link,
 * `hid` names one co-host link so the owner can revoke it alone. Tokens without them (issued before owners
 * existed) are plain host links.
 */
export interface HostClaims {
  /** The room's owner (its creator); only on host tokens. */
  owner?: true;
  /** The id of a co-host link ({@link HOST_LINK_ID_PATTERN}); only on host tokens. */
  hid?: string;
}

/** The signed content of a token. */
export interface TokenPayload extends HostClaims {
  /** Format version, always 1. */
  v: 1;
  /** The room the token is for. */
  room: string;
  role: Role;
  /** Issued at, epoch seconds; a private room can refuse tokens issued before it was (re)locked. */
  iat: number;
  /** Expires at, epoch seconds (the token is refused from this second on). */
  exp: number;
}

/** The outcome of checking a token, one named case per way it can go. */
export type TokenCheck =
  | { status: 'valid'; payload: TokenPayload }
  | { status: 'expired'; payload: TokenPayload }
  | { status: 'wrong-room'; payload: TokenPayload }
  | { status: 'forged' }
  | { status: 'malformed'; detail: string };

/** Longest token accepted for checking, in characters; a real one is about 150. */
export const MAX_TOKEN_CHARS = 512;
/** Smallest secret accepted, in bytes: 256 bits, the HMAC-SHA256 block strength. */
export const MIN_SECRET_BYTES = 32;

const SIGNATURE_CONTEXT = 'promptjam-token-v1.';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A secret shorter than {@link MIN_SECRET_BYTES}. */
export class WeakSecretError extends Error {
  override name = 'WeakSecretError';
  constructor(readonly found: number) {
    super(`token secrets must be at least ${MIN_SECRET_BYTES} bytes, got ${found}`);
  }
}

/** The secrets tokens are signed and checked with: the first signs, all verify (newest first). */
export class TokenKeyring {
  readonly secrets: readonly Buffer[];

  constructor(secrets: readonly Buffer[]) {
    if (secrets.length === 0) throw new WeakSecretError(0);
    for (const s of secrets) if (s.length < MIN_SECRET_BYTES) throw new WeakSecretError(s.length);
    this.secrets = secrets.map((s) => Buffer.from(s));
  }

  /**
   * Signs a token for `room` and `role` that expires `ttlSeconds` after `nowSeconds`; `claims` only with `host`.
   * @throws RangeError for an invalid room id, a non-positive ttl, or claims on another role or a malformed `hid`
   */
  sign(room: string, role: Role, ttlSeconds: number, nowSeconds: number = epochSeconds(), claims: HostClaims = {}): string {
    if (!isValidRoomId(room)) throw new RangeError(`cannot sign a token for an invalid room id (${String(room).length} characters)`);
    if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
    if ((claims.owner !== undefined || claims.hid !== undefined) && role !== 'host') throw new RangeError(`only host tokens carry owner or hid claims, not ${role}`);
    if (claims.hid !== undefined && !HOST_LINK_ID_PATTERN.test(claims.hid)) throw new RangeError('hid must be 8 to 32 base64url characters');
    const iat = Math.floor(nowSeconds);
    const payload: TokenPayload = { v: 1, room, role, iat, exp: iat + ttlSeconds, ...claims };
    const payloadPart = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${payloadPart}.${signPart(this.secrets[0]!, payloadPart).toString('base64url')}`;
  }

  /** Checks `token` for `room` at `nowSeconds`. Never throws. */
  verify(token: unknown, room: string, nowSeconds: number = epochSeconds()): TokenCheck {
    if (typeof token !== 'string' || token.length === 0) return { status: 'malformed', detail: 'no token' };
    if (token.length > MAX_TOKEN_CHARS) return { status: 'malformed', detail: `token longer than ${MAX_TOKEN_CHARS} characters` };
    const parts = token.split('.');
    if (parts.length !== 2) return { status: 'malformed', detail: 'expected two dot-separated parts' };
    const [payloadPart, signaturePart] = parts as [string, string];
    const signature = decodeBase64Url(signaturePart);
    if (!BASE64URL.test(payloadPart) || signature === undefined) return { status: 'malformed', detail: 'parts are not base64url' };
    if (!this.secrets.some((secret) => timingSafeEqualBytes(signPart(secret, payloadPart), signature))) return { status: 'forged' };
    const payload = parsePayload(payloadPart);
    if (payload === undefined) return { status: 'malformed', detail: 'signed payload has the wrong shape' };
    if (payload.room !== room) return { status: 'wrong-room', payload };
    if (nowSeconds >= payload.exp) return { status: 'expired', payload };
    return { status: 'valid', payload };
  }
}

/** The current time in epoch seconds. */
export function epochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function signPart(secret: Buffer, payloadPart: string): Buffer {
  return createHmac('sha256', secret).update(SIGNATURE_CONTEXT).update(payloadPart).digest();
}

/** Constant-time equality of two byte strings; lengths are not secret (a MAC has a fixed length). */
function timingSafeEqualBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Decodes canonical base64url only (Node's decoder skips junk, so re-encode and compare). */
function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function parsePayload(payloadPart: string): TokenPayload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  const isTime = (t: unknown): t is number => typeof t === 'number' && Number.isSafeInteger(t) && t >= 0;
  // Tokens signed before room ids were canonical may name another spelling of the room: read it as the room.
  const room = typeof p.room === 'string' && ROOM_PATH_SEGMENT_PATTERN.test(p.room) ? canonicalRoomId(p.room) : undefined;
  if (p.v !== 1 || room === undefined || 'error' in room || (p.role !== 'editor' && p.role !== 'viewer' && p.role !== 'host') || !isTime(p.iat) || !isTime(p.exp)) {
    return undefined;
  }
  const claims = readHostClaims(p);
  if (claims === undefined || (p.role !== 'host' && (claims.owner !== undefined || claims.hid !== undefined))) return undefined;
  return { v: 1, room: room.roomId, role: p.role, iat: p.iat, exp: p.exp, ...claims };
}

function readHostClaims(p: Record<string, unknown>): HostClaims | undefined {
  if (p.owner !== undefined && p.owner !== true) return undefined;
  if (p.hid !== undefined && (typeof p.hid !== 'string' || !HOST_LINK_ID_PATTERN.test(p.hid))) return undefined;
  return { ...(p.owner === true ? { owner: true as const } : {}), ...(typeof p.hid === 'string' ? { hid: p.hid } : {}) };
}
