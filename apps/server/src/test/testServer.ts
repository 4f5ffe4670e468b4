import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type ImageEngine } from '@promptjam/diffusion';
import { ensureDemoModel } from '@promptjam/models';
import { startServer, type RunningServer, type StartServerOptions } from '../server/startServer.js';

/** Loads the real engine on the demo model, on the CPU, in a worker thread (as `promptjam serve` does). */
export async function createDemoEngine(): Promise<ImageEngine> {
  return createEngine({ modelDir: await ensureDemoModel(), device: 'cpu', warmupSizePx: 64, log: () => {} });
}

/** A fresh data directory under the OS temp folder. */
export function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'promptjam-server-'));
}

/** Removes a data directory made by {@link makeDataDir}. */
export function removeDataDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/**
 * Starts a real server on 127.0.0.1, port 0, quiet, sharing `engine` (not disposed on close) and storing in
 * `dataDir`. Options override the defaults.
 */
export function startTestServer(engine: ImageEngine, dataDir: string, options: Partial<StartServerOptions> = {}): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', engine, disposeEngine: false, ...options });
}
