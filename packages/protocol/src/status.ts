import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './messageTypes.js';
import type { DecodeResult } from './decodeResult.js';

/**
 * What the room's renderer is doing. `held`: the newest prompt is not rendered because the server's word list
 * holds it; the room keeps its last frame until the prompt (or the list) changes.
 */
export type RenderState = 'idle' | 'queued' | 'generating' | 'error' | 'held';

/** The room's render status, sent whenever it changes and to every client that joins. */
export interface RoomStatus {
  state: RenderState;
  /** With `queued`: how many rooms render before this one (1 = next). */
  position?: number;
  /** With `error` and `held`: what went wrong or why the prompt waits, in words for people. */
  message?: string;
  /** The model's display name. */
  model: string;
  /** True when the server runs the embedded demo model. */
  demo: boolean;
}

const RENDER_STATES: ReadonlySet<string> = new Set(['idle', 'queued', 'generating', 'error', 'held']);

/** Encodes a status message: type 101, `varString(JSON status)`. */
export function encodeStatusMessage(status: RoomStatus): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Status);
  encoding.writeVarString(encoder, JSON.stringify(status));
  return encoding.toUint8Array(encoder);
}

/** Decodes the body of a status message (after its type varUint has been read). */
export function readStatusBody(decoder: decoding.Decoder): DecodeResult<RoomStatus> {
  try {
    const value: unknown = JSON.parse(decoding.readVarString(decoder));
    if (typeof value !== 'object' || value === null) return { error: 'status is not an object' };
    const v = value as Record<string, unknown>;
    if (typeof v.state !== 'string' || !RENDER_STATES.has(v.state)) return { error: `unknown render state ${String(v.state)}` };
    if (typeof v.model !== 'string') return { error: 'status has no model name' };
    return { value: { ...(v as unknown as RoomStatus), demo: v.demo === true } };
  } catch (cause) {
    return { error: `malformed status message: ${(cause as Error).message}` };
  }
}
