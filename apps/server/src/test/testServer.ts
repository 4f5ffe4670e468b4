import { createEngine, type ImageEngine } from '@promptjam/diffusion';
import { ensureDemoModel } from '@promptjam/models';
import { MAX_PROMPT_CHARS } from '@promptjam/protocol';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startServer, type RunningServer, type StartServerOptions } from '../server/startServer.js';
import { makeDataDir, removeDataDir } from './dataDir.js';
import { RoomClient } from './RoomClient.js';

export { makeDataDir, removeDataDir } from './dataDir.js';

/** Loads the real engine on the demo model, on the CPU, in a worker thread (as `promptjam serve` does). */
export async function createDemoEngine(): Promise<ImageEngine> {
  return createEngine({ modelDir: await ensureDemoModel(), device: 'cpu', warmupSizePx: 64, maxPromptChars: MAX_PROMPT_CHARS, log: () => {} });
}

/**
 * Starts a real server on 127.0.0.1, port 0, quiet, sharing `engine` (not disposed on close) and storing in
 * `dataDir`. Options override the defaults.
 */
export function startTestServer(engine: ImageEngine, dataDir: string, options: Partial<StartServerOptions> = {}): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', engine, disposeEngine: false, ...options });
}

/** The real demo engine, loaded once for a test file (vitest hooks); `engine` is valid inside tests. */
export function useDemoEngine(): { readonly engine: ImageEngine } {
  let engine: ImageEngine | undefined;
  beforeAll(async () => {
    engine = await createDemoEngine();
  }, 60_000);
  afterAll(async () => {
    await engine?.dispose();
  });
  return {
    get engine(): ImageEngine {
      if (!engine) throw new Error('the demo engine is only available inside tests');
      return engine;
    },
  };
}

/** What {@link useDemoServer} gives a test. */
export interface DemoServerContext {
  readonly engine: ImageEngine;
  /** A fresh server (own data directory) for each test. */
  readonly server: RunningServer;
  /** A real client in `roomId`, destroyed after the test. */
  join(roomId: string): RoomClient;
}

/**
 * Per test file: the demo engine once; per test: a fresh server on port 0 with its own data directory, and
 * clients that are destroyed (and the server closed) when the test ends.
 */
export function useDemoServer(options: Partial<StartServerOptions> = {}): DemoServerContext {
  const demo = useDemoEngine();
  let server: RunningServer | undefined;
  let dataDir = '';
  const clients: RoomClient[] = [];
  beforeEach(async () => {
    dataDir = await makeDataDir();
    server = await startTestServer(demo.engine, dataDir, options);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
    await removeDataDir(dataDir);
  });
  return {
    get engine() {
      return demo.engine;
    },
    get server(): RunningServer {
      if (!server) throw new Error('the server is only available inside tests');
      return server;
    },
    join(roomId) {
      const client = new RoomClient(this.server.url, roomId);
      clients.push(client);
      return client;
    },
  };
}
