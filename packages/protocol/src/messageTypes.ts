/**
 * The first varUint of every binary WebSocket message names its type.
 *
 * 0–3 are y-protocols' own (as y-websocket uses them), so a stock `WebsocketProvider` syncs unchanged;
 * 100 and up are promptjam's server-to-client additions, which a stock provider ignores.
 */
export const MessageType = {
  /** y-protocols sync step 1 / step 2 / update. */
  Sync: 0,
  /** y-protocols awareness update (presence: name, colour, cursor). */
  Awareness: 1,
  /** y-protocols auth message (permission denied); sent by the server only. */
  Auth: 2,
  /** Ask the server to send every known awareness state. */
  QueryAwareness: 3,
  /** Server to client: a rendered frame, `varString(JSON FrameMetadata)` then `varUint8Array(image)`. */
  Frame: 100,
  /** Server to client: the room's render status, `varString(JSON RoomStatus)`. */
  Status: 101,
  /** Server to one client: a host link for its person, promoted to co-host, `varString(JSON { token })`. */
  HostGrant: 110,
} as const;

export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Message types a client may send; anything else closes the connection with 1008. */
export const CLIENT_MESSAGE_TYPES: ReadonlySet<number> = new Set([
  MessageType.Sync,
  MessageType.Awareness,
  MessageType.QueryAwareness,
]);
