/** A room id: 1–64 characters of ASCII letters, digits, `_` and `-`. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The URL path prefix rooms are served under: `ws://HOST:PORT/rooms/<roomId>`. */
export const ROOMS_PATH_PREFIX = '/rooms/';

/** Whether `value` is a valid room id. */
export function isValidRoomId(value: unknown): value is string {
  return typeof value === 'string' && ROOM_ID_PATTERN.test(value);
}

/** The outcome of reading a room id from a request path. */
export type RoomPathResult = { roomId: string } | { error: string };

/**
 * Reads the room id from a request URL path such as `/rooms/violet-otter-42?token=…`.
 * The id is matched on the raw (undecoded) path, so `%2e%2e`, `%00` and friends never pass.
 */
export function parseRoomPath(pathWithQuery: string): RoomPathResult {
  const path = pathWithQuery.split('?', 1)[0] ?? '';
  if (!path.startsWith(ROOMS_PATH_PREFIX)) return { error: `expected a path of the form ${ROOMS_PATH_PREFIX}<roomId>` };
  const candidate: string = path.slice(ROOMS_PATH_PREFIX.length);
  if (!ROOM_ID_PATTERN.test(candidate)) {
    return { error: `room id must match ${ROOM_ID_PATTERN.source} (got ${candidate.length} characters)` };
  }
  return { roomId: candidate };
}
