/**
 * Randomized convergence through the real server (the y-protocols way: seeded random edits by several
 * clients, flushed in whatever order the network gives): clients insert, delete and change params while
 * randomly dropping off and coming back, some editing offline meanwhile. In the end every client and the
 * server hold the same document, and every client's last frame is of the final prompt.
 */
import type { ImageEngine } from '@promptjam/diffusion';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server/startServer.js';
import { RoomClient } from '../test/RoomClient.js';
import { createDemoEngine, makeDataDir, removeDataDir } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';
import { startSecuredServer } from './test/securityServer.js';

const CLIENTS = 5;
const STEPS = 400;

let engine: ImageEngine;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  engine = await createDemoEngine();
  dataDir = await makeDataDir();
  server = await startSecuredServer(engine, dataDir);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await engine?.dispose();
  await removeDataDir(dataDir);
});

function randomEdit(gen: prng.PRNG, client: RoomClient): void {
  const text = client.doc.getText('prompt');
  const roll = prng.int32(gen, 0, 9);
  if (roll < 6 || text.length < 20) text.insert(prng.int32(gen, 0, text.length), `${prng.word(gen, 1, 6)} `);
  else if (roll < 9) {
    const at = prng.int32(gen, 0, text.length - 1);
    text.delete(at, Math.min(prng.int32(gen, 1, 8), text.length - at));
  } else client.setParams({ seed: prng.int32(gen, 0, 1000), steps: prng.int32(gen, 1, 4) });
}

describe.each([1, 2])('randomized convergence through the server (seed %i)', (seed) => {
  it('converges after random edits, disconnects and reconnects, and ends on a frame of the final prompt', async () => {
    const gen = prng.create(seed * 7919);
    const room = `converge-${seed}`;
    const clients = Array.from({ length: CLIENTS }, () => new RoomClient(server.url, room));
    try {
      await Promise.all(clients.map((c) => c.synced()));
      for (let step = 0; step < STEPS; step++) {
        const client = prng.oneOf(gen, clients);
        const roll = prng.int32(gen, 0, 99);
        if (roll < 6 && client.provider.shouldConnect) client.provider.disconnect();
        else if (roll < 12 && !client.provider.shouldConnect) client.provider.connect();
        else randomEdit(gen, client);
        if (step % 10 === 0) await sleep(prng.int32(gen, 0, 15));
      }
      for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect();
      const serverDoc = (): string => server.rooms.get(room)?.doc.getText('prompt').toString() ?? '';
      await waitUntil(
        () => clients.every((c) => c.provider.synced && c.prompt === serverDoc()),
        'every client to converge with the server',
        60_000,
      );
      const params = JSON.stringify(clients[0]!.doc.getMap('params').toJSON());
      for (const c of clients) expect(JSON.stringify(c.doc.getMap('params').toJSON())).toBe(params);
      const finalPrompt = serverDoc();
      expect(finalPrompt.length).toBeGreaterThan(0);
      for (const c of clients) {
        await waitUntil(() => c.lastFrame?.metadata.prompt === finalPrompt, `client's last frame to be of the final prompt`, 60_000);
      }
    } finally {
      for (const c of clients) c.destroy();
    }
  }, 180_000);
});
