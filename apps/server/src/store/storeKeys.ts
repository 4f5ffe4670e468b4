/**
 * Key layout of the room store. Room ids are canonical (`[a-z0-9-]`, see `canonicalRoomId`; stores written
 * before that may hold `[A-Za-z0-9_-]` ids until `migrateRoomIds` moves them), so `/` cannot occur inside one
 * and `room/<id>/` prefixes never overlap.
 *
 *   room/<id>/u/<12-digit index>   one Yjs update (indices increase; zero-padded so byte order is numeric order)
 *   room/<id>/frame                the last frame message (type 100, as sent)
 *   room/<id>/seq                  the newest frame seq sent, decimal digits
 *   room/<id>/t/<12-digit index>   one timelapse frame: what it was made from (JSON, `TimelapseEntry`)
 *   room/<id>/ti/<12-digit index>  that frame's thumbnail (JPEG bytes)
 *   meta/room-ids-canonical        present once rooms under non-canonical ids have been moved
 */

/** Digits of an update index; 10^12 updates per room is beyond any room's life. */
const INDEX_DIGITS = 12;

function roomPrefix(roomId: string): string {
  return `room/${roomId}/`;
}

/** The key of a room's update number `index`. */
export function roomUpdateKey(roomId: string, index: number): string {
  return `${roomPrefix(roomId)}u/${String(index).padStart(INDEX_DIGITS, '0')}`;
}

/** The key range holding every update of a room, for iterators (`gte`/`lt`). */
export function roomUpdateRange(roomId: string): { gte: string; lt: string } {
  const prefix = `${roomPrefix(roomId)}u/`;
  // '0' (0x30) is the next byte after '/' (0x2f): every `u/<digits>` key sorts below `u0`.
  return { gte: prefix, lt: `${roomPrefix(roomId)}u0` };
}

/** The update index encoded in an update key. */
export function updateIndexOf(key: string): number {
  return Number(key.slice(key.lastIndexOf('/') + 1));
}

/** The key of a room's last frame. */
export function roomFrameKey(roomId: string): string {
  return `${roomPrefix(roomId)}frame`;
}

/** The key of a room's newest frame seq. */
export function roomSeqKey(roomId: string): string {
  return `${roomPrefix(roomId)}seq`;
}

/** The key of a room's timelapse frame number `index` (its JSON entry). */
export function roomTimelapseKey(roomId: string, index: number): string {
  return `${roomPrefix(roomId)}t/${String(index).padStart(INDEX_DIGITS, '0')}`;
}

/** The key of the thumbnail of a room's timelapse frame number `index`. */
export function roomThumbnailKey(roomId: string, index: number): string {
  return `${roomPrefix(roomId)}ti/${String(index).padStart(INDEX_DIGITS, '0')}`;
}

/** The key range holding every timelapse entry of a room (not their thumbnails), for iterators (`gte`/`lt`). */
export function roomTimelapseRange(roomId: string): { gte: string; lt: string } {
  return { gte: `${roomPrefix(roomId)}t/`, lt: `${roomPrefix(roomId)}t0` };
}

/** The key range holding everything stored of a room. */
export function roomRange(roomId: string): { gte: string; lt: string } {
  // '0' is the byte after '/': every `room/<id>/...` key sorts below `room/<id>0`.
  return { gte: roomPrefix(roomId), lt: `room/${roomId}0` };
}
