import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { RasterError, RasterThread } from './RasterThread.js';

const threads: RasterThread[] = [];
afterEach(async () => {
  for (const thread of threads.splice(0)) await thread.close();
});

describe('RasterThread', () => {
  it('rasterises on its worker thread and transfers the JPEG back', async () => {
    const thread = new RasterThread();
    threads.push(thread);
    const line = { tool: 'pen' as const, colour: '#ff0000', width: 64, points: [0, 512, 100, 1024, 512, 100] };
    const [a, b] = await Promise.all([
      thread.rasterize({ strokes: [line], background: '#0000ff', digest: 'a' }, 128, 64),
      thread.rasterize({ strokes: [], background: '#00ff00', digest: 'b' }, 32, 32),
    ]);
    expect(await sharp(a.jpeg).metadata()).toMatchObject({ format: 'jpeg', width: 128, height: 64 });
    expect(await sharp(b.jpeg).metadata()).toMatchObject({ width: 32, height: 32 });
  });

  it('refuses work once closed', async () => {
    const thread = new RasterThread();
    await thread.close();
    await expect(thread.rasterize({ strokes: [], background: '#ffffff', digest: 'x' }, 8, 8)).rejects.toBeInstanceOf(RasterError);
  });
});
