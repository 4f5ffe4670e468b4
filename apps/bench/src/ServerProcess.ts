/**
 * The harness's handle on a server-under-test child process (see serverRunner.ts): forks it with
 * --expose-gc, waits for the port it reports over IPC, and turns requests into promises.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunnerMessage, RunnerOptions, RunnerRequest, RunnerSample } from './runnerProtocol.js';

const RUNNER_PATH = fileURLToPath(new URL('./serverRunner.js', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;
const STDERR_TAIL_CHARS = 4_000;

/** The child failed to start or answer; carries the tail of its stderr. */
export class ServerProcessError extends Error {
  override name = 'ServerProcessError';
}

type Pending = { resolve: (m: RunnerMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };
type RequestBody = RunnerRequest extends infer R ? (R extends RunnerRequest ? Omit<R, 'id'> : never) : never;

/** A running server-under-test. */
export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderrTail = '';

  private constructor(
    private readonly child: ChildProcess,
    /** The port the server bound (it listens on port 0 and reports what the OS chose). */
    readonly port: number,
    /** Base URL for clients, e.g. `ws://127.0.0.1:41234`. */
    readonly url: string,
    readonly pid: number,
  ) {
    child.on('message', (raw) => this.onMessage(raw as RunnerMessage));
    child.on('exit', (code, signal) => {
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new ServerProcessError(`server child exited (code ${code}, signal ${signal}) during request ${id}\n${this.stderrTail}`));
      }
      this.pending.clear();
    });
  }

  /** Forks the runner and resolves once it reports its port. */
  static async start(options: RunnerOptions): Promise<ServerProcess> {
    const child = fork(RUNNER_PATH, [JSON.stringify(options)], {
      execArgv: ['--expose-gc'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    const ready = await new Promise<Extract<RunnerMessage, { type: 'ready' }>>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new ServerProcessError(`${options.mode} server did not report a port within ${READY_TIMEOUT_MS} ms\n${stderr}`));
      }, READY_TIMEOUT_MS);
      child.on('message', (raw) => {
        const message = raw as RunnerMessage;
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message);
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new ServerProcessError(`${options.mode} server failed to start: ${message.message}\n${stderr}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new ServerProcessError(`${options.mode} server exited with code ${code} before reporting a port\n${stderr}`));
      });
    });
    const process = new ServerProcess(child, ready.port, ready.url, ready.pid);
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderrTail = (process.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    return process;
  }

  private onMessage(message: RunnerMessage): void {
    if (!('id' in message)) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.type === 'error') pending.reject(new ServerProcessError(message.message));
    else pending.resolve(message);
  }

  private request(body: RequestBody): Promise<RunnerMessage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ServerProcessError(`request ${body.type} got no answer within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.child.send({ ...body, id } as RunnerRequest);
    });
  }

  /** Heap/RSS after a full GC and event-loop lag since the last {@link resetLag}, measured inside the server. */
  async sample(): Promise<RunnerSample> {
    const reply = await this.request({ type: 'sample' });
    if (reply.type !== 'sample') throw new ServerProcessError(`expected a sample reply, found ${reply.type}`);
    return reply.sample;
  }

  /** Starts a new event-loop lag window inside the server. */
  async resetLag(): Promise<void> {
    await this.request({ type: 'resetLag' });
  }

  /** Bare mode only: broadcasts bytes to every client; resolves with the send time (epoch ms). */
  async broadcast(bytes: Uint8Array): Promise<{ sentAtEpochMs: number; sendLoopMs: number; clients: number }> {
    const reply = await this.request({ type: 'broadcast', bytes });
    if (reply.type !== 'broadcast') throw new ServerProcessError(`expected a broadcast reply, found ${reply.type}`);
    return reply;
  }

  /** Closes the server gracefully, then makes sure the child is gone. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.request({ type: 'close' });
    } catch {
      // already gone or stuck: the kill below settles it
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
