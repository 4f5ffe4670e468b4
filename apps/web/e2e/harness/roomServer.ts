import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The part of `@promptjam/server`'s running server these tests use. */
export interface RunningRoomServer {
  port: number;
  close(): Promise<void>;
}

type StartServer = (options: Record<string, unknown>) => Promise<RunningRoomServer>;

/** A real room server for a test, with its own data directory (removed on close). */
export interface TestRoomServer {
  /** e.g. `ws://127.0.0.1:41235` */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server, keeping the data directory (for a restart). */
  stop(): Promise<void>;
  /** Starts a server again on the same port and data directory, as after a restart. */
  restart(): Promise<void>;
  /** Stops the server and removes its data. */
  close(): Promise<void>;
}

async function loadStartServer(): Promise<StartServer> {
  const serverModule = (await import('@promptjam/server')) as Record<string, unknown>;
  const startServer = serverModule.startServer;
  if (typeof startServer !== 'function') {
    throw new Error('e2e: @promptjam/server (apps/server/dist) exports no startServer(options); build apps/server first');
  }
  return startServer as StartServer;
}

/**
 * Starts promptjam's real room server on 127.0.0.1, port 0 (or `port`), with the model it picks by default
 * (the demo model where no real weights are installed) and quiet logs. `extra` adds server options
 * (`startServer`'s, e.g. `{ blockedWords: path }`).
 */
export async function startRoomServer(extra: Record<string, unknown> = {}): Promise<TestRoomServer> {
  const startServer = await loadStartServer();
  const dataDir = await mkdtemp(join(tmpdir(), 'promptjam-web-e2e-'));
  const options = { host: '127.0.0.1', dataDir, logLevel: 'warn', ...extra };
  let running: RunningRoomServer | null = await startServer({ ...options, port: 0 });
  const port = running.port;
  const stop = async (): Promise<void> => {
    const current = running;
    running = null;
    await current?.close();
  };
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    stop,
    restart: async () => {
      await stop();
      running = await startServer({ ...options, port });
    },
    close: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
