import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoModel } from '@promptjam/models';
import { startServer } from '@promptjam/server';
import { describe, expect, it } from 'vitest';
import { sleep, waitUntil } from './clock.js';
import { RoomPeer } from './RoomPeer.js';
import { SyntheticDrawer } from './SyntheticDrawer.js';
import { SyntheticTypist } from './SyntheticTypist.js';

describe('stroke points and keystrokes reach a peer through the real server', () => {
  it('times every point the drawer pushed and every prompt version the typist typed, none before it was sent', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'promptjam-strokes-'));
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', model: await ensureDemoModel() });
    const drawer = new SyntheticDrawer({ url: server.url, roomId: 'strokes', seed: 1 });
    const typist = new SyntheticTypist({ url: server.url, roomId: 'strokes', seed: 1, meanGapMs: 40, jitterMs: 10 });
    const peer = new RoomPeer(server.url, 'strokes', 1);
    try {
      await Promise.all([drawer.synced(), typist.synced(), peer.synced()]);
      drawer.start();
      typist.start();
      await sleep(800);
      drawer.stop();
      typist.stop();
      await waitUntil(() => peer.pointArrivedAt.length === drawer.pushedAt.length, 10_000, 'every point at the peer');
      await waitUntil(() => [...typist.typedAt.keys()].every((text) => peer.textArrivedAt.has(text)), 10_000, 'every prompt version at the peer');
      expect(drawer.pushedAt.length).toBeGreaterThan(10);
      peer.pointArrivedAt.forEach((arrived, i) => {
        expect(arrived).toBeGreaterThanOrEqual(drawer.pushedAt[i]!);
        expect(drawer.pushedAt[i]!).toBeGreaterThanOrEqual(drawer.pointerAt[i]!);
      });
      for (const [text, typed] of typist.typedAt) expect(peer.textArrivedAt.get(text)!).toBeGreaterThanOrEqual(Math.floor(typed));
    } finally {
      drawer.destroy();
      typist.destroy();
      peer.destroy();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
