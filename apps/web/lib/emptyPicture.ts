import type { ConnectionStatus } from './RoomClient';

/** What the picture box says before any frame: words, and whether a spinner shows (something is on its way). */
export interface EmptyPicture {
  text: string;
  pending: boolean;
}

/**
 * The empty picture box for a page in `connection` state: `whenConnected` once in the room, "Connecting…" (with a
 * spinner) while on the way in, and, after the server turned the page away for good, that it is not connected (no
 * spinner: nothing is coming; the connection notice says why).
 */
export function emptyPicture(connection: ConnectionStatus, whenConnected: string): EmptyPicture {
  if (connection === 'connected') return { text: whenConnected, pending: true };
  if (connection === 'closed') return { text: 'Not connected to this room', pending: false };
  return { text: 'Connecting to the room server…', pending: true };
}
