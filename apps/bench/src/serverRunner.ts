/**
 * Entry point of the server-under-test child process: `node --expose-gc dist/serverRunner.js '<json>'`.
 * It starts promptjam's real server (`startServer` on port 0) or the bare `ws` baseline, reports the port the
 * OS picked over the IPC channel (that is how the harness discovers it), and answers the harness's requests for
 * in-process measurements: heap and RSS after a full GC, and event-loop lag since the last reset.
 * Running the server in its own process keeps the load generator's work off the server's event loop.
 */
import { startServer, type StartServerOptions } from '@promptjam/server';
import { startBareWsServer, type BareWsServer } from './bareWsServer.js';
import { EventLoopLagSampler } from './EventLoopLagSampler.js';
import { sampleMemory } from './memorySampler.js';
import type { RunnerMessage, RunnerOptions, RunnerRequest } from './runnerProtocol.js';

/** The part of a server (promptjam's or the bare baseline) the runner uses. */
interface RunningServer {
  port: number;
  close(): Promise<void>;
  /** promptjam's server: whether the model has loaded (it listens while the engine loads). */
  readiness?: () => { ready: boolean; reasons: string[] };
}

/** Longest the runner waits for the model to load before reporting the server as failed. */
const READY_TIMEOUT_MS = 120_000;

/** Resolves once the server reports ready (model loaded, store open); frames before that would wait. */
async function waitForReady(server: RunningServer): Promise<void> {
  const readiness = server.readiness;
  if (!readiness) return;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const state = readiness();
    if (state.ready) return;
    if (state.reasons.some((r) => r.includes('failed')) || Date.now() > deadline) {
      throw new Error(`server not ready: ${state.reasons.join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function send(message: RunnerMessage): void {
  process.send?.(message);
}

/** Starts promptjam's server on 127.0.0.1, port 0; the options arrive as JSON and are validated by the server. */
async function startPromptjam(serverOptions: Record<string, unknown>): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port: 0, ...(serverOptions as StartServerOptions) });
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('serverRunner must be started with an IPC channel (child_process.fork)');
  const options = JSON.parse(process.argv[2] ?? '{}') as RunnerOptions;
  const lag = new EventLoopLagSampler();
  let bare: BareWsServer | null = null;
  let server: RunningServer;
  if (options.mode === 'bare') {
    bare = await startBareWsServer(0);
    server = bare;
  } else {
    server = await startPromptjam(options.serverOptions ?? {});
    await waitForReady(server);
  }
  lag.start();
  process.on('message', (raw) => {
    const request = raw as RunnerRequest;
    void handle(request).catch((error: unknown) => {
      send({ id: request.id, type: 'error', message: error instanceof Error ? error.message : String(error) });
    });
  });

  async function handle(request: RunnerRequest): Promise<void> {
    switch (request.type) {
      case 'sample': {
        const memory = await sampleMemory();
        send({ id: request.id, type: 'sample', sample: { memory, lag: lag.read(), connections: bare ? bare.clientCount() : null } });
        return;
      }
      case 'resetLag':
        lag.reset();
        send({ id: request.id, type: 'ok' });
        return;
      case 'broadcast': {
        if (!bare) throw new Error('broadcast is a bare-mode request; the promptjam server broadcasts its own frames');
        send({ id: request.id, type: 'broadcast', ...bare.broadcast(request.bytes) });
        return;
      }
      case 'close':
        lag.stop();
        await server.close();
        send({ id: request.id, type: 'ok' });
        process.disconnect();
        return;
    }
  }
  send({ type: 'ready', port: server.port, url: `ws://127.0.0.1:${server.port}`, pid: process.pid });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
});
