import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../log/createLogger.js';
import { ServerMetrics } from '../metrics/ServerMetrics.js';
import { RenderScheduler } from '../render/RenderScheduler.js';
import { RoomStore } from '../store/RoomStore.js';
import { ControllableEngine } from '../test/ControllableEngine.js';
import { makeDataDir, removeDataDir } from '../test/testServer.js';
import { RoomRegistry } from './RoomRegistry.js';

let dir: string;
let store: RoomStore;
let scheduler: RenderScheduler;
beforeEach(async () => {
  dir = await makeDataDir();
  store = await RoomStore.open(dir);
  scheduler = new RenderScheduler(new ControllableEngine(), { debounceMs: 1_000, maxWaitMs: 1_000, maxQueue: 4, imageFormat: 'jpeg', imageQuality: 80 });
});
afterEach(async () => {
  await scheduler.stop();
  await store.close();
  await removeDataDir(dir);
});

function registry(idleMs: number): RoomRegistry {
  const metrics = new ServerMetrics({ loadedRooms: () => 0, connectedClients: () => 0, renderQueueDepth: () => 0 });
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
