/**
 * Room ids. A room has exactly one name, its **canonical id**: 1–64 characters, lowercase ASCII letters and
 * digits in words joined by single hyphens (`violet-otter-42`). People may write it other ways
 * ("Violet Otter 42", `Violet_Otter-42`, full-width letters); {@link canonicalRoomId} maps every such spelling
 * to the one id, so the Join box, links and the server all reach the same room. The web app redirects other
 * spellings to the canonical URL; the server canonicalises the socket path. Rules: docs/PROTOCOL.md.
 */

/** Longest canonical room id, in characters. */
export const MAX_ROOM_ID_CHARS = 64;

/** A canonical room id: lowercase ASCII words of letters and digits joined by single hyphens, 1–64 characters. */
export const ROOM_ID_PATTERN = /^(?=.{1,64}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The spellings of a room id accepted in a raw (undecoded) socket path: ASCII letters, digits, `_` and `-`,
 * 1–64 characters. Each is canonicalised (`Violet_Otter-42` -> `violet-otter-42`); nothing percent-encoded passes.
 */
export const ROOM_PATH_SEGMENT_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The URL path prefix rooms are served under: `ws://HOST:PORT/rooms/<roomId>`. */
export const ROOMS_PATH_PREFIX = '/rooms/';

/** Input longer than this is refused before normalising (a room name is a few words). */
const MAX_ROOM_NAME_INPUT_CHARS = 256;

/** Whether `value` is a canonical room id. */
export function isValidRoomId(value: unknown): value is string {
  return typeof value === 'string' && ROOM_ID_PATTERN.test(value);
}

/** A canonical room id, or why the input names no room. */
export type RoomIdResult = { roomId: string } | { error: string };

/**
 * The canonical id of a room name as a person may write it: Unicode NFKC (full-width letters become ASCII),
 * lower-case, and every run of spaces, `_` and `-` becomes one `-`, with none at either end. The result must
 * be lowercase ASCII letters, digits and inner hyphens, 1–64 characters; anything else is `{ error }`
 * (accented letters are not folded: `café` names no room).
 */
export function canonicalRoomId(name: string): RoomIdResult {
  if (name.length > MAX_ROOM_NAME_INPUT_CHARS) {
    return { error: `a room name has at most ${MAX_ROOM_ID_CHARS} characters (got ${name.length})` };
  }
  const canonical = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/gu, '-')
    .replace(/^-|-$/gu, '');
  if (canonical === '') return { error: 'a room name needs at least one letter or digit' };
  if (canonical.length > MAX_ROOM_ID_CHARS) {
    return { error: `a room name has at most ${MAX_ROOM_ID_CHARS} characters (got ${canonical.length})` };
  }
  if (!ROOM_ID_PATTERN.test(canonical)) {
    return { error: 'a room name uses the letters a–z, digits, and "-", "_" or spaces between words' };
  }
  return { roomId: canonical };
}

/** The outcome of reading a room id from a request path. */
export type RoomPathResult = RoomIdResult;

/**
 * Reads the canonical room id from a request URL path such as `/rooms/violet-otter-42?token=…`.
 * The segment is matched on the raw (undecoded) path against {@link ROOM_PATH_SEGMENT_PATTERN}, so `%2e%2e`,
 * `%00` and friends never pass; then it is canonicalised (`/rooms/Violet_Otter-42` joins `violet-otter-42`).
 */
export function parseRoomPath(pathWithQuery: string): RoomPathResult {
  const path = pathWithQuery.split('?', 1)[0] ?? '';
  if (!path.startsWith(ROOMS_PATH_PREFIX)) return { error: `expected a path of the form ${ROOMS_PATH_PREFIX}<roomId>` };
  const candidate: string = path.slice(ROOMS_PATH_PREFIX.length);
  if (!ROOM_PATH_SEGMENT_PATTERN.test(candidate)) {
    return { error: `room id must match ${ROOM_PATH_SEGMENT_PATTERN.source} (got ${candidate.length} characters)` };
  }
  return canonicalRoomId(candidate);
}
