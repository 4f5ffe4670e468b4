import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  CloseCode,
  ROOMS_PATH_PREFIX,
  UpgradeStatus,
  clampCloseReason,
  isSendableCloseCode,
  parseRoomPath,
} from '@promptjam/protocol';
import type { WebSocketServer } from 'ws';
import { Connection, type ConnectionDeps } from '../connection/Connection.js';
import type { ServerLogger } from '../log/createLogger.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import type { ConnectionAccess, UpgradeGate, UpgradeRequestInfo, UpgradeVerdict } from '../connection/gates.js';

/** What the upgrade pipeline needs. */
export interface UpgradeDeps {
  wss: WebSocketServer;
  registry: RoomRegistry;
  upgradeGates: readonly UpgradeGate[];
  connectionDeps: ConnectionDeps;
  logger: ServerLogger;
  /** False once shutdown has begun: new upgrades get 503. */
  isAccepting(): boolean;
  /** A connection was accepted (the server tracks it for pings and shutdown). */
  onConnection(connection: Connection): void;
}

/** Answers an upgrade request with a plain HTTP response and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const code = Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Runs every upgrade gate in order. The first refusal decides; otherwise the connection is accepted with the
 * most restrictive access any gate gave (`view` beats `edit`) and the context of the last gate that set one.
 */
async function runGates(gates: readonly UpgradeGate[], info: UpgradeRequestInfo): Promise<UpgradeVerdict> {
  let access: ConnectionAccess = 'edit';
  let context: unknown;
  for (const gate of gates) {
    const verdict = await gate(info);
    if (verdict.action !== 'accept') return verdict;
    if (verdict.access === 'view') access = 'view';
    if (verdict.context !== undefined) context = verdict.context;
  }
  return { action: 'accept', access, context };
}

/**
 * The upgrade pipeline for `ws://HOST:PORT/rooms/<roomId>`: the room id is checked on the raw path (400, or 404
 * outside `/rooms/`), the upgrade gates run (they may refuse with a status, or accept and close with a code),
 * then the socket is upgraded and joins its room once the room has loaded. A room that cannot be loaded
 * closes the connection with 1011; it is never served empty.
 */
export function createUpgradeHandler(deps: UpgradeDeps): (request: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const { wss, registry, logger } = deps;
  return (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    if (!deps.isAccepting()) {
      refuseUpgrade(socket, UpgradeStatus.AtCapacity, 'the server is shutting down');
      return;
    }
    const path = request.url ?? '';
    const parsed = parseRoomPath(path);
    if ('error' in parsed) {
      const status = path.startsWith(ROOMS_PATH_PREFIX) ? UpgradeStatus.BadRoomName : UpgradeStatus.NotFound;
      refuseUpgrade(socket, status, parsed.error);
      return;
    }
    const info: UpgradeRequestInfo = {
      roomId: parsed.roomId,
      request,
      ip: request.socket.remoteAddress ?? '',
      origin: request.headers.origin,
      url: new URL(path, 'http://localhost'),
    };
    runGates(deps.upgradeGates, info).then(
      (verdict) => {
        if (socket.destroyed) return;
        if (verdict.action === 'reject') {
          refuseUpgrade(socket, verdict.status, verdict.reason);
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => {
          ws.on('error', () => ws.terminate());
          if (verdict.action === 'close') {
            const code = isSendableCloseCode(verdict.code) ? verdict.code : CloseCode.InternalError;
            ws.close(code, clampCloseReason(verdict.reason));
            return;
          }
          const connection = new Connection(ws, info.roomId, info.ip, verdict.access ?? 'edit', verdict.context, deps.connectionDeps, socket);
          deps.onConnection(connection);
          registry.acquire(info.roomId).then(
            (room) => connection.bind(room),
            () => connection.close(CloseCode.InternalError, 'the room could not be loaded'),
          );
        });
      },
      (error: unknown) => {
        logger.error({ room: info.roomId, err: (error as Error).message }, 'upgrade gate failed');
        refuseUpgrade(socket, 500, 'internal error');
      },
    );
  };
}
