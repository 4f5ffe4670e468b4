import { DEFAULT_PARAMS, encodeFrameMessage } from '@promptjam/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../log/createLogger.js';
import { ServerMetrics } from '../metrics/ServerMetrics.js';
import { RenderScheduler } from '../render/RenderScheduler.js';
import { RoomStore } from '../store/RoomStore.js';
import { ControllableEngine } from '../test/ControllableEngine.js';
import { makeDataDir, removeDataDir } from '../test/testServer.js';
import { RoomRegistry } from './RoomRegistry.js';
import { emptyRenderCounts } from '../render/renderSchedulerOptions.js';

let dir: string;
let store: RoomStore;
let scheduler: RenderScheduler;
let engine: ControllableEngine;
beforeEach(async () => {
  dir = await makeDataDir();
  store = await RoomStore.open(dir);
  engine = new ControllableEngine();
  scheduler = new RenderScheduler(engine, { debounceMs: 5, maxWaitMs: 50, maxQueue: 4, imageFormat: 'jpeg', imageQuality: 80 });
});
afterEach(async () => {
  const stopped = scheduler.stop();
  for (const generation of [...engine.pending]) generation.finish();
  await stopped;
  await store.close();
  await removeDataDir(dir);
});

function registry(idleMs: number): RoomRegistry {
  const metrics = new ServerMetrics({ loadedRooms: () => 0, connectedClients: () => 0, renderQueueDepth: () => 0, renderCounts: emptyRenderCounts });
  return new RoomRegistry({ store, scheduler, metrics, logger: createLogger('silent'), engineLabel: () => ({ model: 't', demo: true }), idleMs });
}

describe('RoomRegistry', () => {
  it('shares one load between concurrent joins', async () => {
    const load = vi.spyOn(store, 'loadRoom');
    const rooms = registry(60_000);
    const [a, b] = await Promise.all([rooms.acquire('shared'), rooms.acquire('shared')]);
    expect(a).toBe(b);
    expect(load).toHaveBeenCalledTimes(1);
    expect(rooms.size).toBe(1);
    rooms.destroyAll();
  });

  it('unloads an empty room after its idle period, and a join during the unload gets a fresh copy with every edit', async () => {
    const rooms = registry(0);
    const first = await rooms.acquire('cycle');
    first.doc.getText('prompt').insert(0, 'kept across the unload');
    first.releaseUnattached();
    // The 0 ms idle timer fires first; the join below arrives while the room is being flushed.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const again = await rooms.acquire('cycle');
    expect(again).not.toBe(first);
    expect(again.renderInput().prompt).toBe('kept across the unload');
    rooms.destroyAll();
  });

  it('redraws a room whose stored frame lags behind its document (the server stopped before saving it)', async () => {
    await store.loadRoom('stale');
    const doc = new Y.Doc();
    doc.getText('prompt').insert(0, 'newer prompt');
    await store.appendUpdate('stale', Y.encodeStateAsUpdate(doc));
    const metadata = { seq: 4, prompt: 'older prompt', params: { ...DEFAULT_PARAMS }, mime: 'image/jpeg', width: 512, height: 512, model: 't', demo: true, genMs: 1, startedAt: 0, quality: 'refined' as const };
    await store.saveFrame('stale', { metadata, message: encodeFrameMessage(metadata, new Uint8Array([1])) });
    const rooms = registry(60_000);
    await rooms.acquire('stale');
    await vi.waitFor(() => expect(engine.requests.map((r) => r.prompt)).toEqual(['newer prompt']), { timeout: 5_000 });
    engine.pending[0]?.finish();
    rooms.destroyAll();
  });

  it('reports a room that cannot be loaded, and loads it once it can', async () => {
    const rooms = registry(60_000);
    const load = vi.spyOn(store, 'loadRoom').mockRejectedValueOnce(new Error('disk on fire'));
    await expect(rooms.acquire('flaky')).rejects.toThrow('disk on fire');
    expect(rooms.size).toBe(0);
    expect((await rooms.acquire('flaky')).id).toBe('flaky');
    expect(load).toHaveBeenCalledTimes(2);
    rooms.destroyAll();
  });
});
