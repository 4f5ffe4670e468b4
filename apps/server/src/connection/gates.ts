/**
 * Extension points of the connection pipeline, where access control and limits plug in without the core
 * knowing about them:
 *
 *   HTTP upgrade request ─▶ room path check (400/404) ─▶ upgrade gates ─▶ handleUpgrade ─▶ room load ─▶ attach
 *   each client message ─▶ header decode (1008 if malformed) ─▶ message gates ─▶ apply to the room
 *   socket closed ─▶ close listeners
 *
 * Gates run in the order given; the first refusal decides. Accepting gates may narrow access to `view`
 * and attach a context the message gates can read.
 */
import type { IncomingMessage } from 'node:http';

/** What a connection may do in its room. Viewers' document updates and awareness are never applied. */
export type ConnectionAccess = 'edit' | 'view';

/** An upgrade request as the gates see it. */
export interface UpgradeRequestInfo {
  roomId: string;
  request: IncomingMessage;
  /** The peer's address (`request.socket.remoteAddress`). */
  ip: string;
  /** The `Origin` header, if any. */
  origin: string | undefined;
  /** The request URL, parsed (query parameters such as a token live in `url.searchParams`). */
  url: URL;
}

/** An upgrade gate's answer. */
export type UpgradeVerdict =
  /** Let the client in with this access; `context` is kept on the connection for message gates. */
  | { action: 'accept'; access?: ConnectionAccess; context?: unknown }
  /** Refuse before the upgrade with an HTTP status (browsers cannot read it; prefer `close` for states a UI explains). */
  | { action: 'reject'; status: number; reason: string }
  /** Accept the WebSocket, then close it at once with an application close code and reason. */
  | { action: 'close'; code: number; reason: string };

/** Decides whether an upgrade may proceed. May be async (e.g. a token lookup). */
export type UpgradeGate = (request: UpgradeRequestInfo) => UpgradeVerdict | Promise<UpgradeVerdict>;

/** One accepted connection, as gates and listeners see it. */
export interface ConnectionInfo {
  /** Unique within the process. */
  readonly id: number;
  readonly roomId: string;
  readonly ip: string;
  readonly access: ConnectionAccess;
  /** Whatever the accepting upgrade gate attached. */
  readonly context: unknown;
  /** Server epoch ms when the connection was accepted. */
  readonly openedAt: number;
  /** Unsent bytes queued on the socket. */
  readonly bufferedAmount: number;
  /** Closes this connection with a close code (checked; an unsendable code becomes 1011) and a reason. */
  close(code: number, reason: string): void;
}

/** A client message, decoded just far enough to judge it. */
export interface ClientMessageInfo {
  /** The message type (0 sync, 1 awareness, 3 query awareness). */
  type: number;
  /** For sync messages: 0 step 1, 1 step 2, 2 update. */
  syncType: number | undefined;
  /** The whole message as received. */
  bytes: Uint8Array;
}

/**
 * A message gate's answer: `undefined` lets the message through, `replace` lets a rewritten message through
 * instead (e.g. an awareness update stripped of other clients' entries), `drop` ignores it, `close` ends the
 * connection.
 */
export type MessageVerdict =
  | undefined
  | { action: 'replace'; bytes: Uint8Array }
  | { action: 'drop' }
  | { action: 'close'; code: number; reason: string };

/** Judges one client message before the room applies it. Runs synchronously on every message: keep it cheap. */
export type MessageGate = (connection: ConnectionInfo, message: ClientMessageInfo) => MessageVerdict;

/** Called once when an accepted connection has closed (for per-IP counters and the like). */
export type CloseListener = (connection: ConnectionInfo, code: number) => void;

/** Everything that plugs into the pipeline. */
export interface ConnectionGates {
  upgrade?: readonly UpgradeGate[];
  message?: readonly MessageGate[];
  onClose?: readonly CloseListener[];
}
