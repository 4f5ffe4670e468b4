#!/usr/bin/env node
/**
 * Runs the whole product from built output: the room server (`promptjam serve`, port 8787) and the
 * Next.js web app (port 3000) side by side, with labelled output. Either one exiting stops both.
 *
 * Ports: `PROMPTJAM_PORT` (server, default 8787) and `PORT` (web app, default 3000). Every other
 * server setting is read by `promptjam serve` itself (see README's configuration table).
 * `scripts/quickstart.mjs start` installs and builds first; run this directly when already built.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_PORT = process.env.PROMPTJAM_PORT ?? '8787';
const WEB_PORT = process.env.PORT ?? '3000';
const SERVER_CLI = join(ROOT, 'apps', 'cli', 'dist', 'main.js');
const NEXT_BIN = join(ROOT, 'apps', 'web', 'node_modules', 'next', 'dist', 'bin', 'next');

for (const [what, path] of [['server', SERVER_CLI], ['web app', NEXT_BIN]]) {
  if (!existsSync(path)) {
    process.stderr.write(`[start] the ${what} is not built (${path} is missing): run \`npm start\` or \`pnpm build\` first\n`);
    process.exit(1);
  }
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PROMPTJAM_PORT: SERVER_PORT };
const children = [];
let stopping = false;

function launch(label, args, cwd) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${label} | ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${label} | exited (${code ?? signal})\n`);
    stopAll(code ?? 1);
  });
  children.push(child);
}

function stopAll(exitCode) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(exitCode), 3000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null))).then(() =>
    process.exit(exitCode),
  );
}

launch('server', [SERVER_CLI, 'serve', '--port', SERVER_PORT], ROOT);
launch('web   ', [NEXT_BIN, 'start', '--port', WEB_PORT], join(ROOT, 'apps', 'web'));
process.stdout.write(`promptjam: open http://localhost:${WEB_PORT} (room server on ws://localhost:${SERVER_PORT})\n`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));
