import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Stroke } from '@promptjam/protocol';
import { rasterizeCanvas } from './rasterizeCanvas.js';

/** The RGB of pixel (x, y) of an encoded image. */
async function pixel(png: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 3;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

function expectNear(actual: number[], expected: number[]): void {
  // JPEG: a few levels off in flat areas.
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!), `channel ${i} of ${actual.join(',')}`).toBeLessThanOrEqual(12));
}

const redLine: Stroke = { tool: 'pen', colour: '#ff0000', width: 64, points: [0, 512, 100, 1024, 512, 100] };

describe('rasterizeCanvas', () => {
  it('draws strokes over the background at the frame size', async () => {
    const { jpeg: png, imageDrawn } = await rasterizeCanvas({ strokes: [redLine], background: '#0000ff', digest: 'x' }, 256, 128);
    expect(imageDrawn).toBe(false);
    expect(await sharp(png).metadata()).toMatchObject({ width: 256, height: 128, format: 'jpeg' });
    expectNear(await pixel(png, 128, 64), [255, 0, 0]);
    expectNear(await pixel(png, 128, 10), [0, 0, 255]);
  });

  it('an eraser uncovers the starting image, not the background', async () => {
    const image = new Uint8Array(await sharp({ create: { width: 40, height: 40, channels: 3, background: '#00ff00' } }).png().toBuffer());
    const eraser: Stroke = { tool: 'eraser', colour: '#000000', width: 200, points: [512, 512, 100] };
    const { jpeg: png, imageDrawn } = await rasterizeCanvas({ strokes: [redLine, eraser], background: '#0000ff', image, digest: 'x' }, 128, 128);
    expect(imageDrawn).toBe(true);
    expectNear(await pixel(png, 64, 64), [0, 255, 0]);
    expectNear(await pixel(png, 5, 64), [255, 0, 0]);
    expectNear(await pixel(png, 64, 5), [0, 255, 0]);
  });

  it('leaves out a starting image that does not decode, and still draws', async () => {
    const valid = new Uint8Array(await sharp({ create: { width: 40, height: 40, channels: 3, background: '#00ff00' } }).png().toBuffer());
    const truncated = valid.subarray(0, 40);
    const { jpeg: png, imageDrawn } = await rasterizeCanvas({ strokes: [redLine], background: '#0000ff', image: truncated, digest: 'x' }, 64, 64);
    expect(imageDrawn).toBe(false);
    expectNear(await pixel(png, 5, 5), [0, 0, 255]);
  });
});
