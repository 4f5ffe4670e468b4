/**
 * A real `redis-server` for integration tests: its own temporary directory, a free loopback port, the
 * append-only file on (`appendfsync everysec`, as docs/DEPLOY.md recommends), no RDB snapshots. It can be
 * killed (SIGKILL) and started again on the same port and directory, which replays the AOF.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REDIS_BINARY = 'redis-server';
const READY_LINE = 'Ready to accept connections';
const START_TIMEOUT_MS = 20_000;

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the child to bind). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A throw-away `redis-server` child (see the module comment); `@promptjam/server/testing/redis` for the bench, which must not load vitest. */
export class RedisServer {
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly port: number,
    /** Where the AOF lives. */
    readonly dir: string,
  ) {}

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts a fresh server; fails with a clear message when `redis-server` is not installed (.ci/run installs it). */
  static async start(): Promise<RedisServer> {
    if (spawnSync(REDIS_BINARY, ['--version']).error) {
      throw new Error(`${REDIS_BINARY} is not installed: \`apt-get install redis-server\` (.ci/run does this in CI)`);
    }
    const server = new RedisServer(await freePort(), await mkdtemp(join(tmpdir(), 'promptjam-redis-')));
    await server.launch();
    return server;
  }

  /** Starts the server process (again) on the same port and directory. */
  async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--protected-mode', 'no'];
    const child = spawn(REDIS_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms:\n${this.log}`)), START_TIMEOUT_MS);
      const onData = (chunk: Buffer): void => {
        this.log = (this.log + chunk.toString()).slice(-4_000);
        if (this.log.includes(READY_LINE)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${this.log}`));
      });
    });
  }

  /** Kills the server process (SIGKILL: no shutdown save, only what the AOF holds survives). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills the server and removes its directory. */
  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }
}
