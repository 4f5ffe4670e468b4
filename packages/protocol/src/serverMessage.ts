import * as decoding from 'lib0/decoding';
import type { DecodeResult } from './decodeResult.js';
import { readFrameBody, type FrameMetadata } from './frame.js';
import { readHostGrantBody, type HostGrant } from './hostGrant.js';
import { MessageType } from './messageTypes.js';
import { readStatusBody, type RoomStatus } from './status.js';

/** A promptjam message from the server; y-protocols messages (0–3) are left to y-websocket. */
export type ServerMessage =
  | { type: typeof MessageType.Frame; metadata: FrameMetadata; image: Uint8Array }
  | { type: typeof MessageType.Status; status: RoomStatus }
  | { type: typeof MessageType.HostGrant; grant: HostGrant };

/**
 * Reads a promptjam frame, status or host grant message. Returns `{ value: null }` for y-protocols messages
 * (types 0–3) so a client can pass them on, and `{ error }` for anything malformed or unknown.
 */
export function decodeServerMessage(data: Uint8Array): DecodeResult<ServerMessage | null> {
  const decoder = decoding.createDecoder(data);
  let type: number;
  try {
    type = decoding.readVarUint(decoder);
  } catch {
    return { error: 'empty or truncated message' };
  }
  if (type === MessageType.Frame) {
    const frame = readFrameBody(decoder);
    return frame.error !== undefined ? { error: frame.error } : { value: { type, ...frame.value } };
  }
  if (type === MessageType.Status) {
    const status = readStatusBody(decoder);
    return status.error !== undefined ? { error: status.error } : { value: { type, status: status.value } };
  }
  if (type === MessageType.HostGrant) {
    const grant = readHostGrantBody(decoder);
    return grant.error !== undefined ? { error: grant.error } : { value: { type, grant: grant.value } };
  }
  if (type <= MessageType.QueryAwareness) return { value: null };
  return { error: `unknown message type ${type}` };
}
