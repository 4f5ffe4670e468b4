/**
 * The built `promptjam serve` CLI as a child process, for crash drills: start it on a data dir, learn its URL
 * from its first line on stdout, kill it with a signal, restart it on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI entry point. */
export const CLI_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

const READY_LINE = /rooms at (ws:\/\/[^\s]+)\/rooms\/<room>/;

export class ServeProcess {
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    /** `ws://host:port`. */
    readonly url: string,
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  ) {
    this.exited = exited;
  }

  /** The port it listens on. */
  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Starts `serve` on `dataDir` (port 0 picks one) and resolves once it listens. */
  static start(options: { dataDir: string; modelDir: string; port?: number; extraArgs?: string[] }): Promise<ServeProcess> {
    if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`pnpm --filter @promptjam/cli build\` first`);
    const args = [CLI_PATH, 'serve', '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--data-dir', options.dataDir, '--model', options.modelDir, '--device', 'cpu', '--log-level', 'warn', ...(options.extraArgs ?? [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PROMPTJAM_SECRET: '' } });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolveStart, rejectStart) => {
      let stdout = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        rejectStart(new Error(`serve did not start within 60 s; stderr: ${stderr.slice(-2000)}`));
      }, 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = READY_LINE.exec(stdout);
        if (match) {
          clearTimeout(timer);
          const process = new ServeProcess(child, match[1]!, exited);
          child.stderr!.on('data', (c: Buffer) => (process.stderr += c.toString()));
          resolveStart(process);
        }
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        rejectStart(new Error(`serve exited (${code ?? signal}) before listening; stderr: ${stderr.slice(-2000)}`));
      });
    });
  }

  /** `http://host:port`, for `/readyz` and `/metrics`. */
  get httpUrl(): string {
    return this.url.replace(/^ws:/, 'http:');
  }

  /** Sends `signal` without waiting (SIGSTOP / SIGCONT pause and wake the process). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends `signal` and resolves with how the process ended. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    return this.exited;
  }
}
