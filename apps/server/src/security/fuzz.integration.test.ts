/**
 * Tens of thousands of random and mutated y-sync messages at a live server (seeded, time-bounded), then:
 * the server still serves a well-behaved client in another room (sync, edit, frame), the fuzzed rooms'
 * documents are intact and within limits, and memory stayed bounded.
 */
import type { ImageEngine } from '@promptjam/diffusion';
import { CloseCode } from '@promptjam/protocol';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { RunningServer } from '../server/startServer.js';
import { RoomClient } from '../test/RoomClient.js';
import { createDemoEngine, makeDataDir, removeDataDir } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import { DEFAULT_LIMITS } from './limits.js';
import { FuzzMessages } from './test/fuzzMessages.js';
import { closeAllRaw, openRaw } from './test/rawSocket.js';
import { startSecuredServer } from './test/securityServer.js';

const SEED = 20_261_125;

/**
 * How a fuzzed connection may end: any documented close code but an internal error (a fuzz input that makes the
 * server fail is a bug), or no close frame at all (1005, 1006: the test itself cut the socket).
 */
const ACCEPTABLE_CLOSE_CODES: number[] = [
  ...Object.values(CloseCode).filter((code) => code !== CloseCode.InternalError),
  1005,
  1006,
];
const TARGET_MESSAGES = 30_000;
const MAX_FUZZ_MS = 40_000;
const WORKERS = 8;
const FUZZ_ROOMS = ['fuzz-a', 'fuzz-b', 'fuzz-c'];
/** Heap growth allowed across the run (the fuzzer's own garbage included), bytes. */
const MAX_HEAP_GROWTH_BYTES = 192 * 1024 * 1024;

let engine: ImageEngine;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  engine = await createDemoEngine();
  dataDir = await makeDataDir();
  // One address plays every attacker, so only the per-address connection limits are lifted.
  server = await startSecuredServer(engine, dataDir, { upgradeBurstPerIp: 1_000_000, upgradesPerIpPerSecond: 100_000, maxConnectionsPerIp: 10_000 });
}, 60_000);
afterAll(async () => {
  closeAllRaw();
  await server?.close();
  await engine?.dispose();
  await removeDataDir(dataDir);
});

/** One attacker: connects, sends messages until the server closes it, reconnects; returns messages sent. */
async function attacker(seed: number, deadline: number, budget: { left: number }): Promise<number> {
  const gen = prng.create(seed);
  let sent = 0;
  while (budget.left > 0 && performance.now() < deadline) {
    const room = prng.oneOf(gen, FUZZ_ROOMS);
    const opened = await openRaw(server.url, `/rooms/${room}`);
    if ('status' in opened) throw new Error(`fuzz upgrade refused with ${opened.status}`);
    const messages = new FuzzMessages(gen);
    const batch = prng.int32(gen, 1, 40);
    for (let i = 0; i < batch && opened.ws.readyState === WebSocket.OPEN && budget.left > 0; i++) {
      opened.ws.send(messages.next());
      sent++;
      budget.left--;
      if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
    }
    const timer = setTimeout(() => opened.ws.terminate(), 200);
    if (opened.ws.readyState === WebSocket.OPEN) opened.ws.close(1000);
    const closed = await opened.closed;
    clearTimeout(timer);
    expect(ACCEPTABLE_CLOSE_CODES).toContain(closed.code);
    messages.destroy();
  }
  return sent;
}

describe('fuzzing a live server', () => {
  it('survives tens of thousands of hostile messages and still serves everyone else', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const deadline = performance.now() + MAX_FUZZ_MS;
    const budget = { left: TARGET_MESSAGES };
    const sent = (await Promise.all(Array.from({ length: WORKERS }, (_, i) => attacker(SEED + i, deadline, budget)))).reduce((a, b) => a + b, 0);
    expect(sent).toBeGreaterThanOrEqual(20_000);

    // The process is up and answers.
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
    // Fuzzed rooms hold readable documents within their limits.
    for (const id of FUZZ_ROOMS) {
      const room = server.rooms.get(id);
      if (!room) continue;
      const state = Y.encodeStateAsUpdate(room.doc);
      expect(state.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxDocumentBytes);
      expect(room.doc.getText('prompt').length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxPromptChars);
      const replica = new Y.Doc();
      Y.applyUpdate(replica, state);
      expect(replica.getText('prompt').toString()).toBe(room.doc.getText('prompt').toString());
    }

    // A well-behaved client in another room syncs, edits and gets a frame of its prompt.
    const a = new RoomClient(server.url, 'calm');
    const b = new RoomClient(server.url, 'calm');
    try {
      await Promise.all([a.synced(), b.synced()]);
      a.type('a quiet lake at dawn');
      await waitUntil(() => b.prompt === 'a quiet lake at dawn', 'the edit to reach the other client');
      await b.frameOf('a quiet lake at dawn', 60_000);
    } finally {
      a.destroy();
      b.destroy();
    }

    closeAllRaw();
    const heapAfter = process.memoryUsage().heapUsed;
    expect(heapAfter - heapBefore).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
    console.info(`fuzz: ${sent} messages; heap ${(heapBefore / 2 ** 20).toFixed(0)} → ${(heapAfter / 2 ** 20).toFixed(0)} MiB; rooms loaded ${server.rooms.size}`);
  }, 180_000);
});
