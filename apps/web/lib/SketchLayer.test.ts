import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodePoint, POINT_FLUSH_MS, SketchLayer, type Brush } from './SketchLayer';

const pen: Brush = { tool: 'pen', colour: '#e03131', width: 24 };

/** Two people's documents kept in sync both ways, as the server would relay them. */
function twoPeople(): { a: Y.Doc; b: Y.Doc } {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(b, update, 'relay'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'relay' && Y.applyUpdate(a, update, 'relay'));
  return { a, b };
}

function draw(layer: SketchLayer, brush: Brush, points: Array<[number, number]>): void {
  const [first, ...rest] = points;
  layer.begin(brush, 'Ada', { x: first![0], y: first![1], pressure: 100 });
  for (const [x, y] of rest) layer.extend({ x, y, pressure: 100 });
  layer.end();
}

describe('SketchLayer', () => {
  it("undo removes only this person's stroke, and redo brings it back", () => {
    const { a, b } = twoPeople();
    const alice = new SketchLayer(a);
    const bob = new SketchLayer(b);
    draw(alice, pen, [[10, 10], [20, 20]]);
    draw(bob, { ...pen, colour: '#1971c2' }, [[30, 30], [40, 40]]);
    alice.undo();
    expect(bob.strokes().map((s) => s.colour)).toEqual(['#1971c2']);
    alice.redo();
    expect(bob.strokes().map((s) => s.colour).sort()).toEqual(['#1971c2', '#e03131']);
  });

  it("each stroke is its own undo step, however fast the next one follows", () => {
    const layer = new SketchLayer(new Y.Doc());
    draw(layer, pen, [[1, 1], [2, 2]]);
    draw(layer, pen, [[3, 3], [4, 4]]);
    layer.undo();
    expect(layer.strokes()).toHaveLength(1);
  });

  it("clear removes everyone's strokes in one step that one undo reverts", () => {
    const { a, b } = twoPeople();
    const alice = new SketchLayer(a);
    const bob = new SketchLayer(b);
    draw(alice, pen, [[10, 10]]);
    draw(bob, pen, [[30, 30]]);
    bob.clear();
    expect(alice.strokes()).toEqual([]);
    bob.undo();
    expect(alice.strokes()).toHaveLength(2);
  });

  it('batches points: the drawer sees them at once, the document gets them at most every POINT_FLUSH_MS', () => {
    vi.useFakeTimers();
    try {
      const doc = new Y.Doc();
      const layer = new SketchLayer(doc);
      let updates = 0;
      doc.on('update', () => updates++);
      layer.begin(pen, 'Ada', { x: 0, y: 0, pressure: 100 });
      const afterBegin = updates;
      for (let i = 1; i <= 10; i++) layer.extend({ x: i, y: i, pressure: 100 });
      expect(layer.strokes()[0]!.points).toHaveLength(33);
      expect(updates - afterBegin).toBeLessThanOrEqual(1);
      vi.advanceTimersByTime(POINT_FLUSH_MS);
      expect(updates - afterBegin).toBeLessThanOrEqual(2);
      const stored = doc.getArray<Y.Map<Y.Array<number>>>('sketch').get(0).get('points')!;
      expect(stored.length).toBe(33);
    } finally {
      vi.useRealTimers();
    }
  });

  it('continues as a new stroke at the per-stroke point limit', () => {
    const layer = new SketchLayer(new Y.Doc(), 4);
    draw(layer, pen, [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6]]);
    expect(layer.strokes().map((s) => s.points.length / 3)).toEqual([4, 2]);
  });

  it('keeps the background and starting image, undoably', () => {
    const layer = new SketchLayer(new Y.Doc());
    expect(layer.hasContent).toBe(false);
    layer.fill('#112233');
    layer.setImage(Uint8Array.of(1, 2, 3));
    expect([layer.background, layer.image]).toEqual(['#112233', Uint8Array.of(1, 2, 3)]);
    layer.undo();
    expect(layer.image).toBeUndefined();
    expect(layer.hasContent).toBe(true);
  });

  it('the first stroke on an empty canvas keeps the picture it was drawn on as the starting image, in one undo step', () => {
    const { a, b } = twoPeople();
    const alice = new SketchLayer(a);
    const bob = new SketchLayer(b);
    const frame = new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]);
    alice.begin(pen, 'Ada', { x: 10, y: 10, pressure: 100 }, frame);
    alice.end();
    expect(bob.image).toEqual(frame);
    expect(bob.strokes()).toHaveLength(1);
    alice.undo();
    expect([bob.image, bob.strokes().length, bob.hasContent]).toEqual([undefined, 0, false]);
  });

  it('a canvas that already has strokes, a background or an image keeps its own under later strokes', () => {
    const frame = new Uint8Array([0xff, 0xd8, 0xff, 9]);
    const stroked = new SketchLayer(new Y.Doc());
    draw(stroked, pen, [[1, 1]]);
    const filled = new SketchLayer(new Y.Doc());
    filled.fill('#223344');
    const pictured = new SketchLayer(new Y.Doc());
    pictured.setImage(new Uint8Array([1, 2, 3]));
    for (const layer of [stroked, filled, pictured]) layer.begin(pen, 'Ada', { x: 5, y: 5, pressure: 100 }, frame);
    expect([stroked.image, filled.image, pictured.image]).toEqual([undefined, undefined, new Uint8Array([1, 2, 3])]);
    expect(filled.background).toBe('#223344');
  });
});

describe('encodePoint', () => {
  it('rounds to whole units and clamps to the canvas and pressure range', () => {
    expect(encodePoint({ x: -5, y: 2000.4, pressure: 150 })).toEqual([0, 1024, 100]);
    expect(encodePoint({ x: 10.6, y: Number.NaN, pressure: 49.5 })).toEqual([11, 0, 50]);
  });
});
