/**
 * What a page tells a person about each close code, and whether it reconnects: one table, used by the web
 * app and listed in docs/PROTOCOL.md and docs/SECURITY.md.
 *
 * The retry policy follows one rule: a refusal that sending the same data again would meet again is `final`
 * (the page explains it, keeps what the person typed and offers a manual retry with a fresh copy of the room);
 * a refusal that clears by itself is retried, with backoff when it should clear within seconds (a restart,
 * a network fault) or once after a fixed wait when reconnecting at once would only repeat it (a full room,
 * a rate limit).
 */
import { CloseCode } from './closeCodes.js';

/** Whether and when a client reconnects after a close. */
export type RetryPolicy =
  /** Do not reconnect by itself: the same connection would be refused again. A person may retry by hand. */
  | { kind: 'final' }
  /** Reconnect with exponential backoff (y-websocket's own: 100 ms doubling, capped). */
  | { kind: 'backoff' }
  /** Reconnect once after `seconds`, then follow the next close's policy. */
  | { kind: 'after'; seconds: number };

/** What the page shows for a close code, and what it does next. */
export interface CloseAdvice {
  /** One or two plain sentences for the person, without the code (the server's reason is shown beside it). */
  message: string;
  retry: RetryPolicy;
}

const FINAL: RetryPolicy = { kind: 'final' };
const BACKOFF: RetryPolicy = { kind: 'backoff' };
const after = (seconds: number): RetryPolicy => ({ kind: 'after', seconds });

/** Advice for every {@link CloseCode}; the type makes a missing code a compile error. */
export const CLOSE_ADVICE: { readonly [Code in CloseCode]: CloseAdvice } = {
  [CloseCode.Normal]: { message: 'The server closed the connection.', retry: BACKOFF },
  [CloseCode.GoingAway]: { message: 'The server is going away. Reconnecting when it is back.', retry: BACKOFF },
  [CloseCode.UnsupportedData]: { message: 'This page sent data the server does not speak. Reload the page.', retry: FINAL },
  [CloseCode.PolicyViolation]: { message: 'The server refused a message from this page. Reload the page.', retry: FINAL },
  [CloseCode.MessageTooBig]: { message: 'Your last change is too large to send in one piece.', retry: FINAL },
  [CloseCode.InternalError]: { message: 'The server had a problem with this room. Reconnecting…', retry: BACKOFF },
  [CloseCode.ServiceRestart]: { message: 'The server is restarting. Reconnecting…', retry: BACKOFF },
  [CloseCode.TryAgainLater]: { message: 'The server is busy. Trying again shortly.', retry: after(15) },
  [CloseCode.TokenExpired]: { message: 'This link has expired or this room needs an invitation. Ask the room’s owner for a new link.', retry: FINAL },
  [CloseCode.TokenInvalid]: { message: 'This link’s token is not valid for this room (cut short, mistyped, or for another room). Ask for the link again.', retry: FINAL },
  [CloseCode.WriteForbidden]: { message: 'This view is read-only: edits are not accepted.', retry: FINAL },
  [CloseCode.RoomFull]: { message: 'This room is full. Trying again in a while, or start a new room.', retry: after(30) },
  [CloseCode.FieldLocked]: { message: 'The host has locked that part of the room: your last edit was not applied.', retry: FINAL },
  [CloseCode.RemovedByHost]: { message: 'The host removed you from this room.', retry: FINAL },
  [CloseCode.StillRemoved]: {
    message: 'The host removed someone on this device or network from this room a short while ago. You can rejoin when the time is up.',
    retry: FINAL,
  },
  [CloseCode.ViewerOnly]: { message: 'The host made this room view-only: your last edit was not applied.', retry: FINAL },
  [CloseCode.RateLimited]: { message: 'Too many changes too quickly. Reconnecting in a few seconds.', retry: after(10) },
  [CloseCode.EditRefused]: { message: 'The server could not accept your last change.', retry: FINAL },
  [CloseCode.DocumentTooBig]: { message: 'The room has grown too large to accept your last change.', retry: FINAL },
  [CloseCode.PromptTooLong]: { message: 'Your change would make the prompt longer than this room allows.', retry: FINAL },
  [CloseCode.ValueTooBig]: { message: 'A setting in your last change is too large.', retry: FINAL },
  [CloseCode.PresenceTooBig]: { message: 'Your name or presence details are too large to share.', retry: FINAL },
  [CloseCode.TooManyConnectionsFromAddress]: {
    message: 'Too many connections from your network: everyone behind the same address counts. Trying again in a while.',
    retry: after(30),
  },
  [CloseCode.ConnectingTooFast]: { message: 'Too many new connections from your network at once. Trying again shortly.', retry: after(10) },
  [CloseCode.SketchRefused]: { message: 'The sketch could not take your last stroke.', retry: FINAL },
  [CloseCode.ImageRefused]: { message: 'That starting image is not a PNG, JPEG or WebP, or is too large.', retry: FINAL },
  [CloseCode.SlowConnection]: { message: 'Your connection could not keep up with the room. Reconnecting…', retry: BACKOFF },
};

/** Advice for a close the server did not choose (1006 a dropped network, a code of a newer server). */
export const UNKNOWN_CLOSE_ADVICE: CloseAdvice = { message: 'The connection was lost. Reconnecting…', retry: BACKOFF };

/** The advice for `code`: the table's entry, or {@link UNKNOWN_CLOSE_ADVICE}. */
export function closeAdvice(code: number): CloseAdvice {
  return (CLOSE_ADVICE as Readonly<Record<number, CloseAdvice>>)[code] ?? UNKNOWN_CLOSE_ADVICE;
}
