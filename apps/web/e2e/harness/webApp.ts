import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './freePort';

/** apps/web, where `next start` must run. */
export const WEB_APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** How long `next start` may take to answer its first request on a loaded 2-core machine, in ms. */
const WEB_START_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 250;

/** The built web app running under `next start`. */
export interface WebApp {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** What the server printed, for diagnosing a failed start. */
  output(): string;
  close(): Promise<void>;
}

/** Thrown when the app has not been built (`next start` needs `.next/`). */
export class WebAppNotBuiltError extends Error {
  override readonly name = 'WebAppNotBuiltError';
  constructor(readonly expected: string) {
    super(`e2e: expected a production build at ${expected}; run \`pnpm --filter @promptjam/web build\` first`);
  }
}

/**
 * Starts the BUILT web app with `next start` on a free port, with `env` added (PROMPTJAM_SERVER_URL),
 * and waits until it serves `/`. The process is started in its own process group so close() can end
 * it together with any worker it forks.
 */
export async function startWebApp(env: Record<string, string>): Promise<WebApp> {
  const buildId = join(WEB_APP_DIR, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) throw new WebAppNotBuiltError(buildId);
  const port = await freePort();
  const nextBin = createRequire(join(WEB_APP_DIR, 'package.json')).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: WEB_APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const app: WebApp = { url, output: () => output, close: () => stop(child) };
  try {
    await waitForHttp(url, child, () => output);
  } catch (error) {
    await app.close();
    throw error;
  }
  return app;
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + WEB_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`e2e: next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Error(`e2e: next start did not answer ${url} within ${WEB_START_TIMEOUT_MS} ms:\n${output()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    // The negative pid addresses the process group this test started (next start and its workers).
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
