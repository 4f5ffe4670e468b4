/**
 * Messages on a room's pub/sub channel (`pj:{id}:bus`): presence from any member, frames and status from the
 * room's owner. Layout: `u8 kind`, `u8 n`, `n` bytes of the sending member's id (UTF-8), then the payload:
 *
 *   1 awareness   a y-protocols awareness update
 *   2 frame       a frame message (type 100) exactly as clients receive it
 *   3 status      a status message (type 101) exactly as clients receive it
 *   4 released    (empty) the sender gave the room's render lease up: members sharing the room claim it now
 *   5 catch-up    (empty) the sender just loaded the room: its owner republishes its newest frame and status
 *                 (the stored frame may be up to a second old, since the owner stores frames at most once a second)
 *
 * Frames and status are encoded once by the owner; every member forwards the same bytes to its clients.
 * Pub/sub is at-most-once: a member that misses a frame still has the stored one for clients that join, and
 * the next frame replaces it; document updates never travel here (they use the durable stream).
 */

/** What a bus message carries. */
export const BusKind = { Awareness: 1, Frame: 2, Status: 3, Released: 4, CatchUp: 5 } as const;
export type BusKind = (typeof BusKind)[keyof typeof BusKind];

/** A decoded bus message. */
export interface BusMessage {
  kind: BusKind;
  /** The member that published it. */
  from: string;
  payload: Uint8Array;
}

/** Member ids longer than this cannot be written in one length byte. */
export const MAX_MEMBER_ID_BYTES = 255;

/** Encodes a bus message; `from` must be at most {@link MAX_MEMBER_ID_BYTES} bytes of UTF-8. */
export function encodeBusMessage(kind: BusKind, from: string, payload: Uint8Array): Buffer {
  const id = Buffer.from(from, 'utf8');
  if (id.length > MAX_MEMBER_ID_BYTES) throw new RangeError(`member id is ${id.length} bytes; at most ${MAX_MEMBER_ID_BYTES}`);
  return Buffer.concat([Buffer.from([kind, id.length]), id, payload]);
}

/** Decodes a bus message, or returns an error in words for bytes that are not one. */
export function decodeBusMessage(bytes: Uint8Array): { value: BusMessage; error?: undefined } | { error: string } {
  if (bytes.length < 2) return { error: `a bus message has at least 2 bytes, got ${bytes.length}` };
  const kind = bytes[0]!;
  const idLength = bytes[1]!;
  if (!(Object.values(BusKind) as number[]).includes(kind)) return { error: `unknown bus message kind ${kind}` };
  if (bytes.length < 2 + idLength) return { error: `the member id needs ${idLength} bytes, ${bytes.length - 2} came` };
  const from = Buffer.from(bytes.buffer, bytes.byteOffset + 2, idLength).toString('utf8');
  return { value: { kind: kind as BusKind, from, payload: bytes.subarray(2 + idLength) } };
}
