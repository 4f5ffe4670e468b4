/**
 * A browser's seat: a random id the web app keeps in `localStorage` and sends when it joins a room
 * (`/rooms/<id>?seat=…`). It is never shown to other clients. The server remembers which seats it has seen in each
 * room, so a host's removal can key on the removed person's seat and keep newcomers from their network address
 * out for the ban's length without locking out people on the same network who were already in the room
 * (docs/SECURITY.md, removing a participant). A client may send none; it then counts as a newcomer.
 */

/** The query parameter carrying a seat. */
export const SEAT_QUERY_PARAM = 'seat';

/** A seat: 16 to 64 base64url characters (the web app sends 22, 128 random bits). */
export const SEAT_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Whether `value` is a well-formed seat. */
export function isValidSeat(value: unknown): value is string {
  return typeof value === 'string' && SEAT_PATTERN.test(value);
}
