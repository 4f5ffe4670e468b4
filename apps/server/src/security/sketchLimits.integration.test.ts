/**
 * Every sketch and starting-image limit through a real server and raw y-websocket messages: the offender gets
 * its documented close code, the room's document keeps nothing of the refused edit, and a bystander in the same
 * room keeps drawing and typing.
 */
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { useDemoEngine } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import { LimitsHarness, closeFor } from './test/LimitsHarness.js';
import { syncUpdate } from './test/messages.js';
import { addStroke, addStrokeUpdate, appendPoints, appendPointsUpdate, canvasUpdate, penStroke } from '../test/sketchEdits.js';
import type { ParamClient } from './test/securityServer.js';

const demo = useDemoEngine();
const harness = new LimitsHarness(() => demo.engine);

afterEach(() => harness.cleanup());

const SKETCH_REFUSED = 4450;
const IMAGE_REFUSED = 4451;

function strokesOf(c: ParamClient): number {
  return c.doc.getArray('sketch').length;
}

function pointsOf(c: ParamClient, index: number): number {
  return (c.doc.getArray<Y.Map<Y.Array<number>>>('sketch').get(index).get('points')!).length;
}

function solidPng(width: number, height: number): Promise<Uint8Array> {
  return sharp({ create: { width, height, channels: 3, background: '#cc3366' } }).png().toBuffer().then((b) => new Uint8Array(b));
}

/** The bystander draws a stroke and someone else sees it: the room still works for drawing. */
async function stillDraws(server: Parameters<LimitsHarness['stillWorks']>[0], c: ParamClient): Promise<void> {
  const other = await harness.bystander(server, c.provider.roomname);
  const before = strokesOf(c);
  addStroke(c.doc, penStroke());
  await waitUntil(() => strokesOf(other) === before + 1, 'the bystander stroke to reach another client');
  await harness.stillWorks(server, c);
}

describe('sketch limits (4450)', () => {
  it.each([
    ['NaN coordinates', penStroke([Number.NaN, Number.NaN, 100])],
    ['infinite coordinates', penStroke([Infinity, 10, 100])],
    ['a coordinate off the canvas', penStroke([5000, 10, 100])],
    ['a width above max-stroke-width', { ...penStroke(), width: 1000 }],
    ['a colour that is not #rrggbb', { ...penStroke(), colour: 'javascript:alert(1)' }],
    ['an unknown tool', { ...penStroke(), tool: 'bucket' }],
  ])('a stroke with %s', async (_what, fields) => {
    const server = await harness.serverWith({ maxStrokeWidth: 128 });
    const victim = await harness.bystander(server, 'bad-stroke');
    const closed = await closeFor(server, 'bad-stroke', [syncUpdate(addStrokeUpdate(undefined, fields))]);
    expect(closed.code).toBe(SKETCH_REFUSED);
    expect(closed.reason.length).toBeGreaterThan(0);
    expect(strokesOf(victim)).toBe(0);
    await stillDraws(server, victim);
  });

  it('points appended live up to max-stroke-points, and the append past it', async () => {
    const server = await harness.serverWith({ maxStrokePoints: 50 });
    const victim = await harness.bystander(server, 'long-stroke');
    addStroke(victim.doc, penStroke([1, 1, 100]));
    for (let i = 1; i < 50; i++) appendPoints(victim.doc, 0, [i, i, 100]);
    const watcher = await harness.bystander(server, 'long-stroke');
    await waitUntil(() => strokesOf(watcher) === 1 && pointsOf(watcher, 0) === 150, 'the 50-point stroke to arrive');
    const closed = await closeFor(server, 'long-stroke', [syncUpdate(appendPointsUpdate(watcher.doc, 0, [60, 60, 100]))]);
    expect(closed).toMatchObject({ code: SKETCH_REFUSED, reason: expect.stringMatching(/51 points/) });
    expect(pointsOf(watcher, 0)).toBe(150);
    await stillDraws(server, victim);
  });

  it('NaN appended to an existing stroke', async () => {
    const server = await harness.serverWith();
    const victim = await harness.bystander(server, 'nan-append');
    addStroke(victim.doc, penStroke());
    const watcher = await harness.bystander(server, 'nan-append');
    await waitUntil(() => strokesOf(watcher) === 1, 'the stroke to arrive');
    expect((await closeFor(server, 'nan-append', [syncUpdate(appendPointsUpdate(watcher.doc, 0, [Number.NaN, 1, 100]))])).code).toBe(SKETCH_REFUSED);
    await stillDraws(server, victim);
  });

  it('a million points: above the message cap (1009); within it, above max-stroke-points (4450)', async () => {
    const server = await harness.serverWith();
    const victim = await harness.bystander(server, 'million');
    const million = new Array(3_000_000).fill(7);
    expect((await closeFor(server, 'million', [syncUpdate(addStrokeUpdate(undefined, penStroke(million)))])).code).toBe(1009);
    const tooMany = new Array(3 * 20_000).fill(7); // 20,000 one-byte integers per axis: ~60 KB, under the cap
    expect((await closeFor(server, 'million', [syncUpdate(addStrokeUpdate(undefined, penStroke(tooMany)))])).code).toBe(SKETCH_REFUSED);
    expect(strokesOf(victim)).toBe(0);
    await stillDraws(server, victim);
  });

  it('the stroke past max-strokes', async () => {
    const server = await harness.serverWith({ maxStrokes: 3 });
    const victim = await harness.bystander(server, 'many-strokes');
    for (let i = 0; i < 3; i++) addStroke(victim.doc, penStroke());
    const watcher = await harness.bystander(server, 'many-strokes');
    await waitUntil(() => strokesOf(watcher) === 3, 'three strokes to arrive');
    expect((await closeFor(server, 'many-strokes', [syncUpdate(addStrokeUpdate(watcher.doc, penStroke()))])).code).toBe(SKETCH_REFUSED);
    expect(strokesOf(watcher)).toBe(3);
  });

  it('the document size limit keeps holding for sketches', async () => {
    const server = await harness.serverWith({ maxDocumentBytes: 16 * 1024, maxMessageBytes: 16 * 1024 });
    const victim = await harness.bystander(server, 'big-sketch');
    const points = (n: number): number[] => Array.from({ length: n * 3 }, (_, i) => (i % 3 === 2 ? 100 : (i * 37) % 1024));
    victim.doc.transact(() => addStroke(victim.doc, penStroke(points(1000))));
    const watcher = await harness.bystander(server, 'big-sketch');
    await waitUntil(() => strokesOf(watcher) === 1, 'the first stroke to land');
    expect(victim.closes).toEqual([]);
    const closed = await closeFor(server, 'big-sketch', [syncUpdate(addStrokeUpdate(undefined, penStroke(points(1500))))]);
    expect(closed.code).toBe(1009);
  });
});

describe('starting image limits (4451)', () => {
  it('a non-image', async () => {
    const server = await harness.serverWith();
    const victim = await harness.bystander(server, 'not-image');
    const closed = await closeFor(server, 'not-image', [syncUpdate(canvasUpdate(undefined, 'image', new TextEncoder().encode('<html>not an image</html>')))]);
    expect(closed).toMatchObject({ code: IMAGE_REFUSED, reason: expect.stringMatching(/PNG, JPEG or WebP/) });
    expect(victim.doc.getMap('canvas').get('image')).toBeUndefined();
    await stillDraws(server, victim);
  });

  it('an image above max-image-bytes, and a 50 MB one above the message cap', async () => {
    const server = await harness.serverWith({ maxImageBytes: 8 * 1024 });
    const victim = await harness.bystander(server, 'big-image');
    const big = new Uint8Array(20 * 1024);
    big.set(await solidPng(8, 8));
    expect((await closeFor(server, 'big-image', [syncUpdate(canvasUpdate(undefined, 'image', big))])).code).toBe(IMAGE_REFUSED);
    const huge = new Uint8Array(50 * 1024 * 1024);
    expect((await closeFor(server, 'big-image', [syncUpdate(canvasUpdate(undefined, 'image', huge))])).code).toBe(1009);
    await stillDraws(server, victim);
  });

  it('an image wider than max-image-side-px', async () => {
    const server = await harness.serverWith({ maxImageSidePx: 256 });
    const victim = await harness.bystander(server, 'wide-image');
    expect((await closeFor(server, 'wide-image', [syncUpdate(canvasUpdate(undefined, 'image', await solidPng(300, 8)))])).code).toBe(IMAGE_REFUSED);
    expect((await closeFor(server, 'wide-image', [syncUpdate(canvasUpdate(undefined, 'background', 'rgb(0,0,0)'))])).code).toBe(IMAGE_REFUSED);
    victim.doc.getMap('canvas').set('image', await solidPng(256, 128));
    const watcher = await harness.bystander(server, 'wide-image');
    await waitUntil(() => watcher.doc.getMap('canvas').get('image') instanceof Uint8Array, 'a valid image to arrive');
    await stillDraws(server, victim);
  });
});
