import { canonicalRoomId } from '@promptjam/protocol';

/**
 * The first path segment of every page that shows one room: `/r/<room>` (the jam room), `/embed/<room>`
 * (the live viewer), `/show/<room>` (the projector view). A new `/<segment>/[room]` route must be listed here so its paths are checked and
 * canonicalised like the others (`roomPath.test.ts` fails until it is).
 */
export const ROOM_ROUTE_SEGMENTS: readonly string[] = ['r', 'embed', 'show'];

/** What to do with a request path, decided on the raw (still percent-encoded) path. */
export type RoomPathVerdict =
  /** Serve it as it is. */
  | { action: 'serve' }
  /** Another spelling of a room: send the browser to the canonical path (same query string). */
  | { action: 'redirect'; pathname: string }
  /** A malformed path or a room route naming no room: answer the not-found page with 404. */
  | { action: 'not-found'; reason: string };

/**
 * Judges a raw URL path (as sent, before any decoding). Any path with a malformed percent-escape (a lone `%`,
 * `%A`, `%ZZ`, bytes that are not UTF-8 such as `%A0` or the overlong `%C0%AF`) is not found, whatever the
 * route: decoding it would throw inside the framework (a 500). On a room route the decoded segment must be a
 * room name (NUL, `/` via `%2F`, accents: not found); a name that is not canonical (`Violet-Otter-42`,
 * `violet%20otter%2042`) redirects to its canonical spelling.
 */
export function judgeRoomPath(rawPathname: string): RoomPathVerdict {
  const segments = rawPathname.split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    const value = decodeSegment(segment);
    if (value === undefined) return { action: 'not-found', reason: `malformed percent-escape in ${JSON.stringify(segment.slice(0, 80))}` };
    decoded.push(value);
  }
  // ['', 'r', '<room>'] — exactly one segment after a room route's own.
  if (segments.length !== 3 || !ROOM_ROUTE_SEGMENTS.includes(segments[1]!)) return { action: 'serve' };
  const room = canonicalRoomId(decoded[2]!);
  if ('error' in room) return { action: 'not-found', reason: room.error };
  if (room.roomId === segments[2]) return { action: 'serve' };
  return { action: 'redirect', pathname: `/${segments[1]}/${room.roomId}` };
}

/** `decodeURIComponent` without the throw: undefined for a malformed escape or non-UTF-8 bytes. */
function decodeSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
