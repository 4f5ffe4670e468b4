#!/usr/bin/env node
/**
 * Runs the whole product from built output: the room server (`promptjam serve`, port 8787) and the
 * Next.js web app (port 3000) side by side, with labelled output. Either one exiting stops both. It says what it
 * starts at once, and prints the address to open when both answer.
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
/** How often the launcher asks whether both processes answer, how long one ask may take, and when it gives up, in ms. */
const READY_POLL_MS = 500;
const ANSWER_TIMEOUT_MS = 2_000;
const READY_TIMEOUT_MS = 120_000;

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

/** Whether `url` answers with a status below 500 (a 503 from a loading server is not an answer yet). */
async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    return false;
  }
}

/**
 * Prints the address to open once the web app and the room server both answer, so the line a new user looks for
 * comes when it works (and after the two processes' start-up logs, not lost above them).
 */
async function announceWhenReady() {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const web = `http://127.0.0.1:${WEB_PORT}/`;
  const server = `http://${probeHost(process.env.PROMPTJAM_HOST)}:${SERVER_PORT}/healthz`;
  while (!stopping) {
    const [webUp, serverUp] = await Promise.all([answers(web), answers(server)]);
    if (webUp && serverUp) {
      process.stdout.write(`promptjam is ready: open http://localhost:${WEB_PORT} (room server on ws://localhost:${SERVER_PORT})\n`);
      return;
    }
    if (Date.now() > deadline) {
      const waiting = [webUp ? null : `the web app (${web})`, serverUp ? null : `the room server (${server})`].filter(Boolean).join(' and ');
      process.stdout.write(`promptjam: ${waiting} not answering after ${READY_TIMEOUT_MS / 1000} s; see the log lines above\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}

/** Where this machine reaches a server listening on `host`: loopback for the any-address (the default). */
function probeHost(host) {
  if (host === undefined || host === '' || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

process.stdout.write(`promptjam: starting the room server (port ${SERVER_PORT}) and the web app (port ${WEB_PORT})…\n`);
launch('server', [SERVER_CLI, 'serve', '--port', SERVER_PORT], ROOT);
launch('web   ', [NEXT_BIN, 'start', '--port', WEB_PORT], join(ROOT, 'apps', 'web'));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));
void announceWhenReady();
