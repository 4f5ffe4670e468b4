import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { TimelapseExporter } from './TimelapseExporter.js';
import type { TimelapseEntry } from './TimelapseHistory.js';

/** A thumbnail reader whose reads wait until the test releases them. */
function gatedReader(): { read: (roomId: string, entries: readonly TimelapseEntry[]) => Promise<Uint8Array[]>; reads: string[]; release(): void } {
  const waiting: Array<() => void> = [];
  const reads: string[] = [];
  return {
    reads,
    read: async (roomId, entries) => {
      reads.push(roomId);
      await new Promise<void>((resolve) => waiting.push(resolve));
      const frame = (i: number): Promise<Buffer> => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 40 * i, g: 50, b: 90 } } }).jpeg().toBuffer();
      return Promise.all(entries.map(async (_, i) => new Uint8Array(await frame(i))));
    },
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
  };
}

function entries(count: number): TimelapseEntry[] {
  return Array.from({ length: count }, (_, index) => ({ index, seq: index, at: 0, prompt: `p${index}`, params: { seed: 1, steps: 1, width: 64, height: 64, strength: 0.5 }, model: 'demo', width: 8, height: 8, bytes: 100 }));
}

describe('TimelapseExporter', () => {
  it('runs maxRunning at once, queues maxWaiting, refuses the rest, and shares one encode per content', async () => {
    const reader = gatedReader();
    const exporter = new TimelapseExporter({ maxRunning: 1, maxWaiting: 1, thumbnails: reader.read });
    const first = exporter.export('a', 'webp', entries(2));
    const waiting = exporter.export('b', 'gif', entries(2));
    expect(first).toBeDefined();
    expect(waiting).toBeDefined();
    expect(exporter.export('c', 'gif', entries(2))).toBeUndefined();
    // The same content as one in flight shares it (not refused, not encoded twice).
    expect(exporter.export('a', 'webp', entries(2))).toBe(first);
    expect(exporter.active).toBe(1);
    await Promise.resolve();
    expect(reader.reads).toEqual(['a']);
    reader.release();
    const done = await first!;
    expect((await sharp(done.bytes).metadata()).pages).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reader.reads).toEqual(['a', 'b']);
    reader.release();
    expect((await sharp((await waiting!).bytes).metadata()).format).toBe('gif');
    expect(exporter.active).toBe(0);
    // Finished exports are kept: asking again reads nothing.
    expect(await exporter.export('a', 'webp', entries(2))).toBe(done);
    expect(reader.reads).toEqual(['a', 'b']);
  });

  it('gives its turn back when an export fails', async () => {
    const exporter = new TimelapseExporter({ maxRunning: 1, maxWaiting: 0, thumbnails: async () => [new Uint8Array([1, 2, 3])] });
    await expect(exporter.export('a', 'webp', entries(1))).rejects.toThrow();
    expect(exporter.active).toBe(0);
    expect(exporter.export('a', 'webp', entries(1))).toBeDefined();
  });
});
