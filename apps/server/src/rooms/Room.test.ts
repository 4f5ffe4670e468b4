import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FrameQuality } from '@promptjam/protocol';
import type { RenderJob } from '../render/renderTypes.js';
import * as Y from 'yjs';
import { createLogger } from '../log/createLogger.js';
import { ServerMetrics } from '../metrics/ServerMetrics.js';
import { RoomStore } from '../store/RoomStore.js';
import { makeDataDir, removeDataDir } from '../test/testServer.js';
import { CANVAS_IGNORED_NO_VAE_ENCODER, COMPACT_AFTER_UPDATES, Room, type RoomDeps } from './Room.js';
import { SketchSurfaces } from '../render/SketchSurfaces.js';
import { emptyRenderCounts } from '../render/renderSchedulerOptions.js';

let dir: string;
let store: RoomStore;
beforeEach(async () => {
  dir = await makeDataDir();
  store = await RoomStore.open(dir);
});
afterEach(async () => {
  await store.close();
  await removeDataDir(dir);
});

function deps(dirty: string[]): RoomDeps {
  return {
    store,
    metrics: new ServerMetrics({ loadedRooms: () => 1, connectedClients: () => 0, renderQueueDepth: () => 0, renderCounts: emptyRenderCounts }),
    logger: createLogger('silent'),
    engineLabel: () => ({ model: 'test', demo: true }),
    markDirty: (id) => dirty.push(id),
    onIdle: () => {},
    idleMs: 60_000,
    rasterizer: new SketchSurfaces(),
  };
}

/** Applies each keystroke of `text` to the room as a separate remote update, as clients send them. */
function typeRemotely(room: Room, text: string): void {
  const remote = new Y.Doc();
  remote.on('update', (update: Uint8Array) => Y.applyUpdate(room.doc, update, 'remote'));
  for (const char of text) remote.getText('prompt').insert(remote.getText('prompt').length, char);
}

/** A finished generation of `prompt`, as the engine returns it. */
function result(prompt: string) {
  return { image: new TextEncoder().encode(prompt), mime: 'image/jpeg', width: 64, height: 64, genMs: 3, timings: {} };
}

function job(prompt: string, quality: FrameQuality = 'refined'): RenderJob {
  return { input: { prompt, params: { seed: 1, steps: 1, width: 64, height: 64, strength: 0.5 } }, startedAt: Date.now(), dirtySinceMs: performance.now(), quality, batchSize: 1 };
}

describe('Room', () => {
  it('writes the newest frame at most once per interval, and always when it flushes', async () => {
    const room = new Room('frames', await store.loadRoom('frames'), deps([]));
    for (const prompt of ['a', 'ab', 'abc']) room.onFrame(job(prompt), result(prompt));
    await store.drain();
    // The frame waits for the interval, but its seq is stored at once: a restart now never reuses seq 1-3.
    const early = await store.loadRoom('frames');
    expect(early).toMatchObject({ frame: null, seq: 3 });
    const restarted = new Room('frames', early, deps([]));
    restarted.onFrame(job('x'), result('x'));
    expect(restarted.lastFrameMetadata?.seq).toBe(4);
    restarted.destroy();
    await room.flush();
    const stored = (await store.loadRoom('frames')).frame;
    expect(stored?.metadata).toMatchObject({ seq: 3, prompt: 'abc' });
    room.onFrame(job('abcd'), result('abcd'));
    await vi.waitFor(async () => expect((await store.loadRoom('frames')).frame?.metadata.seq).toBe(4), { timeout: 5_000, interval: 50 });
    room.destroy();
  });

  it('shows joiners the newest frame but stores the newest refined one once there is one', async () => {
    const room = new Room('quality', await store.loadRoom('quality'), deps([]));
    room.onFrame(job('a', 'preview'), result('a'));
    await room.flush();
    // Nothing refined yet: the preview is better than no frame after a restart.
    expect((await store.loadRoom('quality')).frame?.metadata).toMatchObject({ prompt: 'a', quality: 'preview' });
    room.onFrame(job('ab'), result('ab'));
    room.onFrame(job('abc', 'preview'), result('abc'));
    expect(room.lastFrameMetadata).toMatchObject({ prompt: 'abc', quality: 'preview', seq: 3 });
    await room.flush();
    expect((await store.loadRoom('quality')).frame?.metadata).toMatchObject({ prompt: 'ab', quality: 'refined', seq: 2 });
    expect((await store.loadRoom('quality')).seq).toBe(3);
    room.destroy();
  });

  it('stores every update, marks itself dirty, and compacts a long history into one update', async () => {
    const dirty: string[] = [];
    const room = new Room('long', await store.loadRoom('long'), deps(dirty));
    const text = 'y'.repeat(COMPACT_AFTER_UPDATES + 50);
    typeRemotely(room, text);
    await store.drain();
    expect(dirty).toHaveLength(text.length);
    const { updates } = await store.loadRoom('long');
    // One compacted update plus what arrived after the compaction, instead of one key per keystroke.
    expect(updates.length).toBeLessThan(60);
    const restored = new Room('long', { updates, frame: null, seq: 0 }, deps([]));
    expect(restored.renderInput().prompt).toBe(text);
    room.destroy();
    restored.destroy();
  });

  it('refuses to load a document whose stored updates are corrupt, instead of serving it empty', () => {
    const corrupt = { updates: [new Uint8Array([1, 200, 3, 4, 5, 6, 7, 8])], frame: null, seq: 0 };
    expect(() => new Room('broken', corrupt, deps([]))).toThrow();
  });

  it('reads normalised params and tolerates a root of the wrong type', () => {
    const room = new Room('params', { updates: [], frame: null, seq: 0 }, deps([]));
    room.doc.getMap('params').set('steps', 40);
    room.doc.getArray('prompt');
    expect(room.renderInput()).toEqual({ prompt: '', params: { seed: 42, steps: 4, width: 512, height: 512, strength: 0.5 } });
    room.destroy();
  });

  it('a room whose engine cannot start from a picture renders its sketch text-to-image, saying why, and draws nothing', async () => {
    const draws: string[] = [];
    const rasterizer = new SketchSurfaces();
    const counting = { draw: (...args: Parameters<SketchSurfaces['draw']>) => (draws.push(args[0]), rasterizer.draw(...args)), drop: (room: string) => rasterizer.drop(room) };
    const open = (id: string, img2img: boolean): Room => new Room(id, { updates: [], frame: null, seq: 0 }, { ...deps([]), rasterizer: counting, engineDoesImg2img: () => img2img });
    const rooms = [open('no-encoder', false), open('with-encoder', true)];
    for (const room of rooms) {
      const stroke = new Y.Map<unknown>();
      stroke.set('tool', 'pen');
      stroke.set('colour', '#000000');
      stroke.set('width', 10);
      stroke.set('points', Y.Array.from([10, 10, 100]));
      room.doc.getArray('sketch').push([stroke]);
    }
    // Both rooms' changes are drawn on the same timer: once the one that can use it is drawn, the other would be too.
    await vi.waitUntil(() => draws.includes('with-encoder'));
    expect(draws).not.toContain('no-encoder');
    expect(rooms[0]!.renderInput()).toMatchObject({ canvasIgnored: CANVAS_IGNORED_NO_VAE_ENCODER });
    expect(rooms[0]!.renderInput().canvas).toBeUndefined();
    await vi.waitUntil(() => rooms[1]!.renderInput().canvas !== undefined);
    expect(rooms[1]!.renderInput().canvasIgnored).toBeUndefined();
    for (const room of rooms) room.destroy();
  });
});
