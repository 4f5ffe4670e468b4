/**
 * The recorder against the real embedded store (LevelDB in a temp dir) and real thumbnails (sharp): bounded,
 * oldest first, deduplicated by input, and the same after the store is closed and opened again.
 */
import { DEFAULT_PARAMS, type FrameMetadata } from '@promptjam/protocol';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/createLogger.js';
import { RoomStore } from '../store/RoomStore.js';
import { makeDataDir, removeDataDir } from '../test/dataDir.js';
import { TimelapseRecorder } from './TimelapseRecorder.js';
import type { TimelapseLimits } from './TimelapseHistory.js';

let dir: string;
let store: RoomStore;
let errors: number;

beforeEach(async () => {
  dir = await makeDataDir();
  store = await RoomStore.open(dir);
  errors = 0;
});

afterEach(async () => {
  await store.close();
  await removeDataDir(dir);
});

function recorder(limits: Partial<TimelapseLimits> = {}): TimelapseRecorder {
  return new TimelapseRecorder({
    storage: store,
    limits: { maxFrames: 100, maxBytes: 10_000_000, ...limits },
    thumbnailPx: 32,
    logger: createLogger('silent'),
    onError: () => errors++,
  });
}

/** A frame of one flat colour (so each is a different picture), as the engine would send it. */
async function frame(seq: number, prompt: string, quality: 'preview' | 'refined' = 'refined', red = (seq * 40) % 256): Promise<[FrameMetadata, Uint8Array]> {
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: red, g: 80, b: 160 } } }).jpeg().toBuffer();
  const metadata: FrameMetadata = {
    seq, prompt, params: { ...DEFAULT_PARAMS }, quality, mime: 'image/jpeg', width: 64, height: 48, model: 'demo', demo: true, genMs: 5, startedAt: Date.now(),
  };
  return [metadata, new Uint8Array(image)];
}

describe('TimelapseRecorder', () => {
  it('keeps refined frames only, as small JPEG thumbnails of the frame aspect', async () => {
    const timelapse = recorder();
    timelapse.record('kite', ...(await frame(1, 'a kite', 'preview')));
    timelapse.record('kite', ...(await frame(2, 'a kite')));
    const entries = await timelapse.entries('kite');
    expect(entries.map((e) => [e.seq, e.prompt, e.width, e.height])).toEqual([[2, 'a kite', 32, 24]]);
    const [thumbnail] = await store.readTimelapseThumbnails('kite', entries);
    expect((await sharp(thumbnail!).metadata()).format).toBe('jpeg');
    expect(thumbnail!.byteLength).toBe(entries[0]!.bytes);
  });

  it('does not keep a frame made from the same input as the one before', async () => {
    const timelapse = recorder();
    for (const [seq, prompt] of [[1, 'a'], [2, 'a'], [3, 'ab'], [4, 'ab'], [5, 'a']] as const) {
      timelapse.record('r', ...(await frame(seq, prompt)));
      await timelapse.entries('r');
    }
    expect((await timelapse.entries('r')).map((e) => e.seq)).toEqual([1, 3, 5]);
  });

  it('does not keep a frame whose picture is the same as the one before (within a few levels), even after a restart', async () => {
    const timelapse = recorder();
    timelapse.record('r', ...(await frame(1, 'strength 0.5', 'refined', 100)));
    timelapse.record('r', ...(await frame(2, 'strength 0.6', 'refined', 103)));
    expect((await timelapse.entries('r')).map((e) => e.seq)).toEqual([1]);
    const reopened = recorder();
    reopened.record('r', ...(await frame(3, 'strength 0.7', 'refined', 101)));
    expect((await reopened.entries('r')).map((e) => e.seq)).toEqual([1]);
    reopened.record('r', ...(await frame(4, 'a new picture', 'refined', 130)));
    expect((await reopened.entries('r')).map((e) => e.seq)).toEqual([1, 4]);
  });

  it('drops the oldest frames beyond the count, and from the store too', async () => {
    const timelapse = recorder({ maxFrames: 3 });
    for (let seq = 1; seq <= 6; seq++) {
      timelapse.record('r', ...(await frame(seq, `prompt ${seq}`)));
      await timelapse.entries('r');
    }
    expect((await timelapse.entries('r')).map((e) => e.seq)).toEqual([4, 5, 6]);
    expect((await store.loadTimelapse('r')).map((e) => e.seq)).toEqual([4, 5, 6]);
  });

  it('drops the oldest frames beyond the byte budget', async () => {
    const first = recorder();
    first.record('r', ...(await frame(1, 'one')));
    const [one] = await first.entries('r');
    // Room for two thumbnails of about this size, not three.
    const timelapse = recorder({ maxBytes: Math.floor(one!.bytes * 2.5) });
    timelapse.forget('r');
    for (let seq = 2; seq <= 4; seq++) {
      timelapse.record('r', ...(await frame(seq, `prompt ${seq}`)));
      await timelapse.entries('r');
    }
    const entries = await timelapse.entries('r');
    expect(entries.map((e) => e.seq)).toEqual([3, 4]);
    expect(entries.reduce((sum, e) => sum + e.bytes, 0)).toBeLessThanOrEqual(one!.bytes * 2.5);
  });

  it('survives closing and reopening the store, and trims to smaller limits after a restart', async () => {
    const timelapse = recorder();
    for (let seq = 1; seq <= 4; seq++) timelapse.record('r', ...(await frame(seq, `prompt ${seq}`)));
    // Handed over faster than thumbnails are made: the newest waiting frame is kept, none is lost after it.
    await timelapse.drain();
    const before = await timelapse.entries('r');
    expect(before.at(-1)?.seq).toBe(4);
    await store.close();
    store = await RoomStore.open(dir);
    const reopened = recorder();
    expect(await reopened.entries('r')).toEqual(before);
    // The same input as the newest stored frame is still recognised after the restart.
    reopened.record('r', ...(await frame(9, 'prompt 4')));
    expect(await reopened.entries('r')).toEqual(before);

    const smaller = recorder({ maxFrames: 1 });
    expect((await smaller.entries('r')).map((e) => e.seq)).toEqual([4]);
    smaller.record('r', ...(await frame(10, 'prompt 10')));
    expect((await smaller.entries('r')).map((e) => e.seq)).toEqual([10]);
    expect((await store.loadTimelapse('r')).map((e) => e.seq)).toEqual([10]);
    expect(errors).toBe(0);
  });

  it('counts a frame whose image is not an image, keeps nothing of it, and keeps recording', async () => {
    const timelapse = recorder();
    const [metadata] = await frame(1, 'broken');
    timelapse.record('r', metadata, new Uint8Array([1, 2, 3]));
    expect(await timelapse.entries('r')).toEqual([]);
    expect(errors).toBe(1);
    timelapse.record('r', ...(await frame(2, 'fine')));
    expect((await timelapse.entries('r')).map((e) => e.seq)).toEqual([2]);
  });
});
