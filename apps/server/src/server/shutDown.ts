import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';
import type { Connection } from '../connection/Connection.js';
import type { EngineHost } from '../engine/EngineHost.js';
import type { ServerLogger } from '../log/createLogger.js';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';
import type { RenderScheduler } from '../render/RenderScheduler.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import type { RoomStorage } from '../store/RoomStorage.js';

/** Everything a shutdown touches. */
export interface ShutdownParts {
  stopAccepting(): void;
  httpServer: Server;
  wss: WebSocketServer;
  connections: ReadonlySet<Connection>;
  scheduler: RenderScheduler;
  rooms: RoomRegistry;
  store: RoomStorage;
  /** The timelapse recorder, whose thumbnails in flight are written before the store closes. */
  timelapse?: { drain(): Promise<void> };
  onStoreClosed(): void;
  /** The engine to dispose, or undefined when the caller keeps it. */
  engine: EngineHost | undefined;
  metrics: ServerMetrics;
  logger: ServerLogger;
  /** Longest wait for each slow step (render in flight, flush, sockets closing), ms. */
  timeoutMs: number;
}

/** Resolves when `promise` settles or `ms` pass, whichever is first; says which. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<'settled' | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), ms);
  });
  const settled = promise.then(
    () => 'settled' as const,
    () => 'settled' as const,
  );
  const outcome = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return outcome;
}

/**
 * Graceful shutdown, in order: stop accepting (new upgrades get 503, `/readyz` says so); stop reading from every
 * socket so no edit arrives after the flush; let the render in flight finish (its frame still reaches the
 * room); flush every document to the store; close every socket with 1012 ("restarting; reconnect shortly");
 * close the store and the engine. Each slow step is bounded by `timeoutMs`.
 */
export async function shutDown(parts: ShutdownParts): Promise<void> {
  const { logger, connections, timeoutMs } = parts;
  const started = performance.now();
  parts.stopAccepting();
  logger.info({ clients: connections.size, rooms: parts.rooms.size }, 'shutting down');
  const httpClosed = new Promise<void>((resolve) => parts.httpServer.close(() => resolve()));
  parts.httpServer.closeIdleConnections();
  for (const connection of connections) connection.stopReading();

  if ((await settleWithin(parts.scheduler.stop(), timeoutMs)) === 'timed out') logger.warn('render in flight did not finish in time');
  if ((await settleWithin(parts.rooms.flushAll(), timeoutMs)) === 'timed out') logger.error('flushing rooms did not finish in time');
  if (parts.timelapse && (await settleWithin(parts.timelapse.drain(), timeoutMs)) === 'timed out') logger.warn('timelapse thumbnails in flight did not finish in time');

  const socketsClosed = Promise.all([...connections].map((c) => c.closeForRestart('server restarting; reconnect shortly')));
  if ((await settleWithin(socketsClosed, Math.min(timeoutMs, 2_000))) === 'timed out') {
    for (const connection of connections) connection.terminate();
  }
  parts.rooms.destroyAll();
  await parts.store.close();
  parts.onStoreClosed();
  parts.wss.close();
  parts.httpServer.closeAllConnections();
  await httpClosed;
  if (parts.engine) await settleWithin(parts.engine.dispose(), timeoutMs);
  parts.metrics.registry.clear();
  logger.info({ ms: Math.round(performance.now() - started) }, 'shut down');
}
