import { UsageError, type Command, type CommandOptions } from '../command.js';
import { allOptionSpecs, ConfigError, resolveServerConfig } from '@promptjam/server/options';

/** How long the process may linger after a graceful shutdown before it exits anyway, ms. */
const EXIT_GRACE_MS = 2_000;

/** Every server setting as a flag; the default and the environment variable are in the help text. */
function serveOptions(): CommandOptions {
  const options: CommandOptions = {};
  for (const spec of allOptionSpecs()) {
    const fallback = spec.defaultLabel ?? String(spec.default);
    options[spec.flag] = { type: 'string', valueName: spec.valueName, description: `${spec.description} (default: ${fallback}; env ${spec.env})` };
  }
  options['allowed-origins'] = {
    type: 'string',
    valueName: 'list',
    description: 'Comma-separated origins allowed to open sockets (default: the web app on localhost:3000; env PROMPTJAM_ALLOWED_ORIGINS)',
  };
  return options;
}

/**
 * `promptjam serve`: the room server. Settings come from flags, then `PROMPTJAM_*` environment variables, then
 * defaults (one schema: apps/server/src/config/serverConfig.ts). Runs until SIGTERM or SIGINT, then shuts down gracefully
 * (clients are closed with 1012 and reconnect to the next server). A cluster member (`--cluster`) drains on
 * SIGUSR2: it hands its rooms to the other members and takes no new ones (rolling restart).
 */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the room server: shared prompts over WebSocket, frames from the model',
  usage: '[options]',
  options: serveOptions(),
  async run({ values }) {
    const flags = Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    let server;
    try {
      const config = resolveServerConfig(flags, process.env);
      // Imported on use: the server pulls in ws, LevelDB and the engine, which other commands do not need.
      const { startServer } = await import('@promptjam/server');
      server = await startServer({ ...config, security: { env: process.env, allowedOrigins: flags['allowed-origins'] } });
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const running = server;
    process.stdout.write(`promptjam serve: rooms at ${running.url}/rooms/<room>, health at ${running.httpUrl}/healthz\n`);
    return new Promise<number>((resolve) => {
      const finish = (code: number): void => {
        resolve(code);
        // Whatever might still hold the event loop (a stuck worker, a socket) must not keep a stopped server alive.
        setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
      };
      let stopping = false;
      const stop = (signal: NodeJS.Signals): void => {
        // A second signal (a terminal's Ctrl+C reaches the whole process group while `npm start` forwards SIGTERM)
        // must not cut the flush short; EXIT_GRACE_MS still bounds the shutdown.
        if (stopping) {
          process.stdout.write(`promptjam serve: ${signal} while shutting down; still flushing\n`);
          return;
        }
        stopping = true;
        process.stdout.write(`promptjam serve: ${signal}, shutting down\n`);
        running.close().then(
          () => finish(0),
          (error: unknown) => {
            process.stderr.write(`promptjam serve: shutdown failed: ${(error as Error).message}\n`);
            finish(1);
          },
        );
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      // Rolling restart of a cluster member: stop taking rooms and hand them over; keep serving until SIGTERM.
      process.on('SIGUSR2', () => {
        if (!running.cluster) {
          process.stdout.write('promptjam serve: SIGUSR2 ignored (drain needs --cluster)\n');
          return;
        }
        process.stdout.write('promptjam serve: SIGUSR2, draining (handing rooms to other members)\n');
        running.drain().then(
          () => process.stdout.write('promptjam serve: drained; stop it with SIGTERM\n'),
          (error: unknown) => process.stderr.write(`promptjam serve: drain failed: ${(error as Error).message}\n`),
        );
      });
    });
  },
};
