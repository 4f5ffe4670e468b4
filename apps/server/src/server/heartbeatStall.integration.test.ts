/**
 * Keep-alive after a stall of the server's own event loop: a client whose pong arrived while the loop was blocked is
 * not dropped by the sweep that runs right after the stall (Node runs due timers before it reads sockets). The client
 * is another process, so it answers while this one is blocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useDemoServer } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';

// Sweeps only when the test says so (the longest period the option allows).
const ctx = useDemoServer({ pingIntervalMs: 3_600_000 });

/** A raw ws client in a child process: joins the room, writes `marker` when it is pinged (it pongs on its own). */
const CLIENT = `
const WebSocket = require('ws');
const fs = require('fs');
const [url, marker] = process.argv.slice(1);
const ws = new WebSocket(url);
ws.on('open', () => { ws.send(Buffer.from([0, 0, 1, 0])); process.stdout.write('open\\n'); });
ws.on('ping', () => fs.writeFileSync(marker, 'pinged'));
ws.on('close', (code) => { process.stdout.write('closed ' + code + '\\n'); process.exit(0); });
`;

/** Blocks this thread (the server's event loop with it) until `file` exists, then `extraMs` more. */
function blockUntil(file: string, extraMs: number, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) if (Date.now() > deadline) throw new Error(`the client never wrote ${file}`);
  const until = Date.now() + extraMs;
  while (Date.now() < until) {
    // the pong travels to the server's socket buffer meanwhile
  }
}

let child: ChildProcess | undefined;
let dir = '';
afterEach(() => {
  child?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('heartbeat after an event-loop stall', () => {
  it('keeps a client whose pong arrived during the stall', async () => {
    dir = mkdtempSync(join(tmpdir(), 'promptjam-stall-'));
    const marker = join(dir, 'pinged');
    let output = '';
    child = spawn(process.execPath, ['-e', CLIENT, `${ctx.server.url}/rooms/stall`, marker], { cwd: join(import.meta.dirname, '..', '..') });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitUntil(() => output.includes('open') && ctx.server.readiness().clients === 1, 'the child client to join', 15_000);

    // Sweep 1 pings; the loop blocks before the pong can be read, as if a render or a GC pause stalled it.
    await ctx.server.heartbeat.sweep();
    blockUntil(marker, 200, 15_000);
    // Sweep 2 fires right after the stall, before the loop has read the socket.
    await ctx.server.heartbeat.sweep();

    await sleep(300);
    expect(output).not.toContain('closed');
    expect(ctx.server.readiness().clients).toBe(1);
  });
});
