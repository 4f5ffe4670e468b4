import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { DecodeResult } from './decodeResult.js';
import { MessageType } from './messageTypes.js';

/**
 * A host link handed to one connection when a host promotes its person to co-host: type 110, then
 * `varString(JSON { token })`. Sent on that person's socket only, never relayed; the page keeps the token as its
 * host link for the room and rejoins with it.
 */
export interface HostGrant {
  /** A capability token with `"role":"host"` for the room. */
  token: string;
}

/** Longest token a grant may carry, in characters (a real one is about 150). */
const MAX_GRANT_TOKEN_CHARS = 512;

/** Encodes a host grant message. */
export function encodeHostGrantMessage(grant: HostGrant): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.HostGrant);
  encoding.writeVarString(encoder, JSON.stringify(grant));
  return encoding.toUint8Array(encoder);
}

/** Decodes the body of a host grant message (after its type varUint has been read). */
export function readHostGrantBody(decoder: decoding.Decoder): DecodeResult<HostGrant> {
  try {
    const value: unknown = JSON.parse(decoding.readVarString(decoder));
    const token = (value as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_GRANT_TOKEN_CHARS) return { error: 'host grant without a token' };
    return { value: { token } };
  } catch (error) {
    return { error: `malformed host grant: ${(error as Error).message}` };
  }
}
