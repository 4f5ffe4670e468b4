import type { FrameMetadata, FrameQuality } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { FrameStore, type ObjectUrlFactory } from './FrameStore';

/** Object URLs as counters, recording which are alive. */
function fakeUrls(): ObjectUrlFactory & { live: Set<string>; revoked: string[] } {
  let next = 0;
  const live = new Set<string>();
  const revoked: string[] = [];
  return {
    live,
    revoked,
    create: () => {
      const url = `blob:test/${next++}`;
      live.add(url);
      return url;
    },
    revoke: (url) => {
      if (!live.delete(url)) throw new Error(`revoked ${url} twice or never created`);
      revoked.push(url);
    },
  };
}

function meta(seq: number, prompt = `prompt ${seq}`, quality: FrameQuality = 'refined'): FrameMetadata {
  return {
    seq,
    prompt,
    params: { seed: 1, steps: 1, width: 64, height: 64, strength: 0.5 },
    mime: 'image/png',
    width: 64,
    height: 64,
    model: 'demo',
    demo: true,
    genMs: 5,
    startedAt: 1000 + seq,
    quality,
  };
}

const IMAGE = new Uint8Array([1, 2, 3]);

describe('FrameStore', () => {
  it('keeps at most `capacity` frames and revokes the URLs of evicted ones', () => {
    const urls = fakeUrls();
    const store = new FrameStore(urls, 3);
    for (let seq = 1; seq <= 10; seq++) store.add(meta(seq), IMAGE);
    expect(store.all.map((f) => f.metadata.seq)).toEqual([8, 9, 10]);
    expect(urls.live.size).toBe(3);
    expect(urls.revoked).toHaveLength(7);
    expect(store.latest?.metadata.seq).toBe(10);
  });

  it('ignores a duplicate of the latest frame (replayed after a reconnect)', () => {
    const urls = fakeUrls();
    const store = new FrameStore(urls, 3);
    store.add(meta(5), IMAGE);
    expect(store.add(meta(5), IMAGE)).toBeNull();
    expect(store.all).toHaveLength(1);
    expect(urls.live.size).toBe(1);
  });

  it('keeps a preview only until the next frame, so typing never pushes refined frames out', () => {
    const urls = fakeUrls();
    const store = new FrameStore(urls, 3);
    store.add(meta(1, 'a'), IMAGE);
    store.add(meta(2, 'ab'), IMAGE);
    for (let seq = 3; seq < 20; seq++) store.add(meta(seq, `ab ${seq}`, 'preview'), IMAGE);
    expect(store.all.map((f) => f.metadata.seq)).toEqual([1, 2, 19]);
    store.add(meta(20, 'ab 19'), IMAGE);
    expect(store.all.map((f) => `${f.metadata.seq}/${f.metadata.quality}`)).toEqual(['1/refined', '2/refined', '20/refined']);
    // Superseded previews gave their object URLs back; one URL per stored frame remains.
    expect(urls.live.size).toBe(3);
  });

  it('starts history over when the sequence goes backwards (a room reset)', () => {
    const urls = fakeUrls();
    const store = new FrameStore(urls, 5);
    store.add(meta(7), IMAGE);
    store.add(meta(8), IMAGE);
    store.add(meta(1), IMAGE);
    expect(store.all.map((f) => f.metadata.seq)).toEqual([1]);
    expect(urls.live.size).toBe(1);
  });

  it('keeps a pinned frame URL alive past eviction, and revokes it when unpinned', () => {
    const urls = fakeUrls();
    const store = new FrameStore(urls, 2);
    const first = store.add(meta(1), IMAGE);
    if (first === null) throw new Error('first frame was not stored');
    store.pin(first.url);
    store.add(meta(2), IMAGE);
    store.add(meta(3), IMAGE);
    expect(store.all.map((f) => f.metadata.seq)).toEqual([2, 3]);
    expect(urls.live.has(first.url)).toBe(true);
    store.pin(null);
    expect(urls.live.has(first.url)).toBe(false);
    expect(urls.live.size).toBe(2);
  });

  it('notifies subscribers with a new array on every change', () => {
    const store = new FrameStore(fakeUrls(), 2);
    const snapshots: unknown[] = [];
    const unsubscribe = store.subscribe(() => snapshots.push(store.all));
    store.add(meta(1), IMAGE);
    store.add(meta(2), IMAGE);
    unsubscribe();
    store.add(meta(3), IMAGE);
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]).not.toBe(snapshots[1]);
  });

  it('revokes everything on dispose and then accepts nothing', () => {
    const urls = fakeUrls();
    const store = new FrameStore(urls, 4);
    const first = store.add(meta(1), IMAGE);
    store.add(meta(2), IMAGE);
    store.pin(first?.url ?? null);
    store.add(meta(3), IMAGE);
    store.dispose();
    expect(urls.live.size).toBe(0);
    expect(store.add(meta(4), IMAGE)).toBeNull();
    expect(store.all).toHaveLength(0);
  });

  it('rejects a capacity below one', () => {
    expect(() => new FrameStore(fakeUrls(), 0)).toThrow(RangeError);
  });
});
