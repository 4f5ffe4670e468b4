/**
 * Every WebSocket close code and pre-upgrade HTTP status the server uses, with its meaning.
 * docs/PROTOCOL.md and docs/SECURITY.md list the same table; keep them in step. What a page shows for
 * each code, and whether it reconnects, is in closeAdvice.ts (`CLOSE_ADVICE`).
 *
 * Browsers cannot read the HTTP status of a failed upgrade, so states the UI must explain
 * (expired token, write forbidden, room full, rate limited) are sent as application codes
 * (4000–4999) on an accepted socket, with a short reason.
 *
 * Ranges, so work in parallel does not collide: 4400–4408, 4413–4419, 4429–4439 and 4500–4599 refusals and
 * limits; 4410–4412 and 4440–4449 workshop host; 4450–4459 canvas; 4460–4469 cluster. A refusal that
 * resending the same data would meet again gets a code whose advice is `final`, never one a client retries.
 */
export const CloseCode = {
  /** Normal closure. */
  Normal: 1000,
  /** Server shutting down for good. */
  GoingAway: 1001,
  /** A text frame where only binary is spoken. */
  UnsupportedData: 1003,
  /** Malformed or unknown message, or a consumer too slow to keep up. */
  PolicyViolation: 1008,
  /** A message above the size cap. */
  MessageTooBig: 1009,
  /** The server failed while handling this connection. */
  InternalError: 1011,
  /** The server is restarting; reconnect shortly. */
  ServiceRestart: 1012,
  /** The server is overloaded; try again later. */
  TryAgainLater: 1013,
  /** The capability token has expired (or became invalid while connected). */
  TokenExpired: 4401,
  /**
   * The link's token cannot be used here: garbled or cut short, signed by another server's secret, or made for
   * another room. Browsers cannot read a refused upgrade's status, so this is said on an accepted socket.
   */
  TokenInvalid: 4402,
  /** This connection may not write (a viewer sent an edit). */
  WriteForbidden: 4403,
  /** The room already holds its maximum number of clients. */
  RoomFull: 4409,
  /**
   * An edit to a field the room's host has locked (docs/SECURITY.md, host). The edit was not applied; the page
   * rejoins with a fresh copy of the document, so nothing of it stays on the sender's screen.
   */
  FieldLocked: 4410,
  /** The room's host removed this person; they may not rejoin until the ban set by the server's operator ends. */
  RemovedByHost: 4440,
  /**
   * A join refused because the room's host removed someone from this browser (its seat) or, for a browser the
   * room has not seen before, from this network address a short while ago; the reason says how long is left.
   */
  StillRemoved: 4441,
  /** An edit while the room's host has made it view-only (only hosts edit); nothing of it was applied. */
  ViewerOnly: 4442,
  /** Too many messages, bytes, presence updates or server time per second from one connection. */
  RateLimited: 4429,
  /**
   * An edit the server will not apply whatever the room holds: too many items or writers in one update,
   * too slow to check, a root type a room does not have, or depending on changes the room never received.
   */
  EditRefused: 4400,
  /** The edit would make the room's document larger than the server keeps. */
  DocumentTooBig: 4413,
  /** The edit would make the prompt longer than the room allows (judged on the text it would leave). */
  PromptTooLong: 4414,
  /** One value in an edit (a param, a format attribute) is larger than allowed. */
  ValueTooBig: 4415,
  /** A presence (awareness) state larger than allowed. */
  PresenceTooBig: 4416,
  /** The client's network address already holds its maximum number of open connections. */
  TooManyConnectionsFromAddress: 4430,
  /** The client's network address opens new connections faster than allowed. */
  ConnectingTooFast: 4431,
  /** The connection could not keep up with what the room sends (too many unsent bytes). */
  SlowConnection: 4500,
  /** An edit would leave the sketch invalid: a bad stroke (tool, colour, width, NaN or out-of-range points), too many points or strokes. */
  SketchRefused: 4450,
  /** A starting image that is not a PNG, JPEG or WebP, or above its byte or pixel limits. */
  ImageRefused: 4451,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** HTTP statuses answered before the upgrade. */
export const UpgradeStatus = {
  BadRoomName: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  TooManyConnections: 429,
  AtCapacity: 503,
} as const;

export type UpgradeStatus = (typeof UpgradeStatus)[keyof typeof UpgradeStatus];

const CLOSE_CODE_NAMES = new Map<number, string>(Object.entries(CloseCode).map(([name, code]) => [code, name]));

/** The name of a known close code (`4409` → `"RoomFull"`), or undefined. */
export function closeCodeName(code: number): string | undefined {
  return CLOSE_CODE_NAMES.get(code);
}

/**
 * Whether `code` may be sent in a close frame (RFC 6455 §7.4): 1000–1003, 1007–1014 or 3000–4999.
 * `ws.close(code)` throws for anything else, so a computed code is checked first.
 */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 1000 && code <= 1003) return true;
  if (code >= 1007 && code <= 1014) return true;
  return code >= 3000 && code <= 4999;
}

/** Close reasons are at most 123 bytes of UTF-8 (a close frame's payload is 125 bytes). */
export const MAX_CLOSE_REASON_BYTES = 123;

/** Trims a close reason to what a close frame can carry, never splitting a character. */
export function clampCloseReason(reason: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(reason).length <= MAX_CLOSE_REASON_BYTES) return reason;
  let out = '';
  for (const char of reason) {
    if (encoder.encode(out + char).length > MAX_CLOSE_REASON_BYTES) break;
    out += char;
  }
  return out;
}
