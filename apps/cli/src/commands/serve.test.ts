/**
 * `promptjam serve` as a process: it starts on the configured port and data directory, serves rooms with the
 * demo model, and on SIGTERM (repeated or not) closes clients with 1012, flushes and exits 0; the next process has
 * the room back.
 * Runs the built CLI (`dist/`; turbo builds before testing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CloseCode } from '@promptjam/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir, RoomClient, waitUntil } from '@promptjam/server/testing';
import { serveCommand } from './serve.js';

const CLI = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

interface ServeProcess {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<number | null>;
}

async function serve(dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @promptjam/cli build\` first`);
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--debounce-ms', '5'], {
    env: { ...process.env, PROMPTJAM_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitUntil(() => /rooms at ws:\/\/[^/]+\/rooms/.test(output.join('')), 'promptjam serve to listen', 30_000);
  const url = /rooms at (ws:\/\/[^/\s]+)\/rooms/.exec(output.join(''))![1]!;
  return { child, url, output, exited };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('promptjam serve', () => {
  it('serves rooms, shuts down on SIGTERM with 1012 and exit code 0, and the next run has the room back', async () => {
    const dataDir = await makeDataDir();
    cleanups.push(() => removeDataDir(dataDir));
    const first = await serve(dataDir);
    cleanups.push(() => void first.child.kill('SIGKILL'));
    const client = new RoomClient(first.url, 'cli-room');
    cleanups.push(() => client.destroy());
    const closeCodes: number[] = [];
    client.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code);
    });
    await client.synced();
    client.setParams({ width: 64, height: 64 });
    client.type('a paper boat');
    const frame = await client.frameOf('a paper boat');
    expect(frame.metadata).toMatchObject({ model: 'demo (tiny sdxl)', demo: true });

    first.child.kill('SIGTERM');
    // A second signal while it shuts down (Ctrl+C reaches the whole group under `npm start`) must not cut the flush.
    await waitUntil(() => first.output.join('').includes('shutting down'), 'the shutdown to begin');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await waitUntil(() => closeCodes.length > 0, 'the client to be closed');
    expect(closeCodes[0]).toBe(CloseCode.ServiceRestart);
    expect(first.output.join('')).toMatch(/SIGTERM, shutting down/);
    client.destroy();

    const second = await serve(dataDir);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    const back = new RoomClient(second.url, 'cli-room');
    cleanups.push(() => back.destroy());
    const restored = await back.frameWhere(() => true, 'the restored frame');
    expect(back.prompt).toBe('a paper boat');
    expect(restored.metadata.seq).toBe(frame.metadata.seq);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 90_000);

  it('rejects a bad setting as a usage error naming the flag or variable', async () => {
    await expect(serveCommand.run({ values: { port: 'eighty' }, positionals: [] })).rejects.toThrow(/--port must be an integer in \[0, 65535\], got "eighty"/);
    const saved = process.env.PROMPTJAM_DEBOUNCE_MS;
    process.env.PROMPTJAM_DEBOUNCE_MS = '-1';
    try {
      await expect(serveCommand.run({ values: {}, positionals: [] })).rejects.toThrow(/PROMPTJAM_DEBOUNCE_MS must be an integer/);
    } finally {
      if (saved === undefined) delete process.env.PROMPTJAM_DEBOUNCE_MS;
      else process.env.PROMPTJAM_DEBOUNCE_MS = saved;
    }
  });
});
