import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Stroke } from '@promptjam/protocol';
import { SeededRandom, type RawImage } from '@promptjam/diffusion';
import type { FullCanvasChange } from './canvasChange.js';
import { RoomPicture } from './RoomPicture.js';
import { MAX_ACTIVE_STROKES, SETTLE_AFTER_CHANGES, SketchSurface } from './SketchSurface.js';

/** The RGB of pixel (x, y) of RGBA pixels. */
function pixel({ data, width }: RawImage, x: number, y: number): number[] {
  const at = (y * width + x) * 4;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

function expectNear(actual: number[], expected: number[]): void {
  // Anti-aliasing and image scaling: a few levels off.
  actual.forEach((value, i) => expect(Math.abs(value - expected[i]!), `channel ${i} of ${actual.join(',')}`).toBeLessThanOrEqual(4));
}

async function drawn(change: FullCanvasChange, width: number, height: number): Promise<SketchSurface> {
  const surface = new SketchSurface(width, height);
  await surface.reset(change);
  return surface;
}

/** A deterministic stream in [0, 1): the engine's own seeded generator. */
function seeded(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.nextFloat();
}

/** Hand-drawn-looking strokes: wandering lines, pressure swelling along every other one, one eraser in five. */
function wanderingStrokes(count: number, pointsEach: number, seed: number): Stroke[] {
  const random = seeded(seed);
  const strokes: Stroke[] = [];
  for (let s = 0; s < count; s += 1) {
    let x = random() * 1024;
    let y = random() * 1024;
    let heading = random() * 2 * Math.PI;
    const points: number[] = [];
    for (let p = 0; p < pointsEach; p += 1) {
      heading += (random() - 0.5) * 0.8;
      x = Math.min(1024, Math.max(0, x + Math.cos(heading) * 12));
      y = Math.min(1024, Math.max(0, y + Math.sin(heading) * 12));
      points.push(Math.round(x), Math.round(y), s % 2 === 0 ? Math.round(40 + 60 * Math.sin((p / pointsEach) * Math.PI)) : 100);
    }
    strokes.push({ tool: s % 5 === 4 ? 'eraser' : 'pen', colour: ['#111111', '#e03131', '#1971c2', '#2f9e44'][s % 4]!, width: 10 + Math.round(random() * 50), points });
  }
  return strokes;
}

const redLine: Stroke = { tool: 'pen', colour: '#ff0000', width: 64, points: [0, 512, 100, 1024, 512, 100] };

describe('SketchSurface', () => {
  it('draws strokes over the background at the frame size, as raw RGBA', async () => {
    const surface = await drawn({ kind: 'full', strokes: [redLine], background: '#0000ff' }, 256, 128);
    const pixels = surface.pixels();
    expect(surface.imageDrawn).toBe(false);
    expect(pixels).toMatchObject({ width: 256, height: 128, channels: 4 });
    expect(pixels.data.length).toBe(256 * 128 * 4);
    expectNear(pixel(pixels, 128, 64), [255, 0, 0]);
    expectNear(pixel(pixels, 128, 10), [0, 0, 255]);
  });

  it('an eraser uncovers the starting image, not the background', async () => {
    const image = new Uint8Array(await sharp({ create: { width: 40, height: 40, channels: 3, background: '#00ff00' } }).png().toBuffer());
    const eraser: Stroke = { tool: 'eraser', colour: '#000000', width: 200, points: [512, 512, 100] };
    const surface = await drawn({ kind: 'full', strokes: [redLine, eraser], background: '#0000ff', image }, 128, 128);
    const pixels = surface.pixels();
    expect(surface.imageDrawn).toBe(true);
    expectNear(pixel(pixels, 64, 64), [0, 255, 0]);
    expectNear(pixel(pixels, 5, 64), [255, 0, 0]);
    expectNear(pixel(pixels, 64, 5), [0, 255, 0]);
  });

  it('leaves out a starting image that does not decode, and still draws', async () => {
    const valid = new Uint8Array(await sharp({ create: { width: 40, height: 40, channels: 3, background: '#00ff00' } }).png().toBuffer());
    const surface = await drawn({ kind: 'full', strokes: [redLine], background: '#0000ff', image: valid.subarray(0, 40) }, 64, 64);
    expect(surface.imageDrawn).toBe(false);
    expectNear(pixel(surface.pixels(), 5, 5), [0, 0, 255]);
  });

  it('drawn point by point as people draw, the picture is exactly the same sketch drawn from scratch, patches included', async () => {
    const image = new Uint8Array(await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffd43b' } }).png().toBuffer());
    const strokes = wanderingStrokes(40, 60, 3);
    const surface = await drawn({ kind: 'full', strokes: [], background: '#ffffff', image }, 256, 256);
    // The server's side: the whole picture first, then only the rectangles each change redrew.
    const picture = new RoomPicture();
    const sendChanged = (): number => {
      const changed = surface.changedPixels();
      expect(picture.apply({ width: 256, height: 256, changed, imageDrawn: true, redraw: 'incremental' })).toBe(true);
      return changed.width * changed.height;
    };
    sendChanged();
    const lent = picture.lend()!;
    const lentBefore = Buffer.from(lent.data);
    const random = seeded(11);
    const redraws = new Set<string>();
    let patchedPixels = 0;
    let changes = 0;
    for (const [index, stroke] of strokes.entries()) {
      // A new stroke arrives with its first points, then grows by a few points per push (as the web app pushes).
      let sent = 3 * (1 + Math.floor(random() * 3));
      redraws.add(surface.append({ kind: 'append', appends: [], added: [{ ...stroke, points: stroke.points.slice(0, sent) }] }));
      while (sent < stroke.points.length) {
        const next = Math.min(stroke.points.length, sent + 3 * (1 + Math.floor(random() * 4)));
        redraws.add(surface.append({ kind: 'append', appends: [{ stroke: index, points: stroke.points.slice(sent, next) }], added: [] }));
        sent = next;
        if (random() < 0.5) {
          patchedPixels += sendChanged(); // read between some pushes, as the server does when it draws
          changes += 1;
        }
      }
    }
    sendChanged();
    expect([...redraws]).toEqual(['incremental']);
    const fromScratch = (await drawn({ kind: 'full', strokes, background: '#ffffff', image }, 256, 256)).pixels().data;
    expect(Buffer.from(surface.pixels().data).equals(Buffer.from(fromScratch))).toBe(true);
    expect(Buffer.from(picture.lend()!.data).equals(Buffer.from(fromScratch))).toBe(true);
    // The picture lent to a render before all this never changed, and the patches were a fraction of the frame.
    expect(Buffer.from(lent.data).equals(lentBefore)).toBe(true);
    expect(patchedPixels / changes).toBeLessThan(256 * 256 * 0.5);
  });

  it('two people drawing at once stay incremental; resuming a settled stroke redraws from it, still exact', async () => {
    const strokes = wanderingStrokes(MAX_ACTIVE_STROKES, 40, 5);
    const surface = await drawn({ kind: 'full', strokes: strokes.map((s) => ({ ...s, points: s.points.slice(0, 3) })), background: '#ffffff' }, 128, 128);
    // Everyone draws at once, in turns of one point each: each change grows every stroke.
    for (let point = 1; point < 40; point += 1) {
      const appends = strokes.map((stroke, index) => ({ stroke: index, points: stroke.points.slice(point * 3, point * 3 + 3) }));
      expect(surface.append({ kind: 'append', appends, added: [] })).toBe('incremental');
    }
    const quiet = (n: number): void => {
      for (let i = 0; i < n; i += 1) surface.append({ kind: 'append', appends: [], added: [] });
    };
    quiet(SETTLE_AFTER_CHANGES);
    // The first stroke is settled by now: one more point redraws from it on.
    expect(surface.append({ kind: 'append', appends: [{ stroke: 0, points: [500, 500, 100] }], added: [] })).toBe('full');
    const final = strokes.map((s, i) => (i === 0 ? { ...s, points: [...s.points, 500, 500, 100] } : s));
    const fromScratch = await drawn({ kind: 'full', strokes: final, background: '#ffffff' }, 128, 128);
    expect(Buffer.from(surface.pixels().data).equals(Buffer.from(fromScratch.pixels().data))).toBe(true);
    expect(() => surface.append({ kind: 'append', appends: [{ stroke: 99, points: [1, 1, 100] }], added: [] })).toThrow(RangeError);
  });
});
