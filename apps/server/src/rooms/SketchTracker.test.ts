import { CANVAS_MAP_NAME, DEFAULT_SKETCH_LIMITS, SKETCH_ARRAY_NAME } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SketchTracker } from './SketchTracker.js';

/** A stroke as a client writes it: a Y.Map with a nested Y.Array of points. */
function strokeMap(points: number[], colour = '#112233'): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('tool', 'pen');
  map.set('colour', colour);
  map.set('width', 12);
  const list = new Y.Array<number>();
  list.push(points);
  map.set('points', list);
  return map;
}

function sketchOf(doc: Y.Doc): Y.Array<Y.Map<unknown>> {
  return doc.getArray<Y.Map<unknown>>(SKETCH_ARRAY_NAME);
}

function pointsOf(doc: Y.Doc, index: number): Y.Array<number> {
  return sketchOf(doc).get(index).get('points') as Y.Array<number>;
}

/** A second document with the same content, read by a fresh tracker: what a full read gives. */
function freshDigest(doc: Y.Doc, width = 512, height = 512): string | undefined {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return new SketchTracker(copy, DEFAULT_SKETCH_LIMITS).next(width, height)?.digest;
}

describe('SketchTracker', () => {
  it('sends everything first, then only the points and strokes added since, with the digest a full read gives', () => {
    const doc = new Y.Doc();
    const tracker = new SketchTracker(doc, DEFAULT_SKETCH_LIMITS);
    expect(tracker.hasCanvas).toBe(false);
    sketchOf(doc).push([strokeMap([10, 10, 100, 20, 20, 100])]);
    expect(tracker.hasCanvas).toBe(true);
    const first = tracker.next(512, 512)!;
    expect(first.change).toMatchObject({ kind: 'full', background: '#ffffff', strokes: [{ tool: 'pen', colour: '#112233', width: 12, points: [10, 10, 100, 20, 20, 100] }] });
    expect(tracker.next(512, 512)).toBeUndefined();

    pointsOf(doc, 0).push([30, 30, 90, 40, 40, 80]);
    sketchOf(doc).push([strokeMap([500, 500, 100])]);
    const next = tracker.next(512, 512)!;
    expect(next.change).toEqual({ kind: 'append', appends: [{ stroke: 0, points: [30, 30, 90, 40, 40, 80] }], added: [expect.objectContaining({ points: [500, 500, 100] })] });
    expect(next.strokes).toBe(2);
    expect(next.digest).not.toBe(first.digest);
    expect(next.digest).toBe(freshDigest(doc));
  });

  it('anything but an append sends everything again: an undone stroke, a new background, another size, a failed draw', () => {
    const doc = new Y.Doc();
    const tracker = new SketchTracker(doc, DEFAULT_SKETCH_LIMITS);
    sketchOf(doc).push([strokeMap([10, 10, 100]), strokeMap([20, 20, 100])]);
    tracker.next(512, 512);
    sketchOf(doc).delete(1, 1);
    expect(tracker.next(512, 512)?.change).toMatchObject({ kind: 'full', strokes: [{ points: [10, 10, 100] }] });
    doc.getMap(CANVAS_MAP_NAME).set('background', '#000000');
    expect(tracker.next(512, 512)?.change).toMatchObject({ kind: 'full', background: '#000000' });
    expect(tracker.next(256, 512)?.change.kind).toBe('full');
    expect(tracker.next(256, 512)).toBeUndefined();
    tracker.resend();
    expect(tracker.next(256, 512)?.change.kind).toBe('full');
    // A stroke inserted before another (a concurrent stroke ordered first) is not an append either.
    sketchOf(doc).insert(0, [strokeMap([30, 30, 100])]);
    expect(tracker.next(256, 512)?.change).toMatchObject({ kind: 'full', strokes: [{ points: [30, 30, 100] }, { points: [10, 10, 100] }] });
    // Points taken out of a stroke.
    pointsOf(doc, 0).delete(0, 3);
    expect(tracker.next(256, 512)?.change.kind).toBe('full');
    expect(tracker.next(256, 512)).toBeUndefined();
  });

  it('skips invalid strokes and strokes past the limit; bad appended points resend everything without their stroke', () => {
    const doc = new Y.Doc();
    const limits = { ...DEFAULT_SKETCH_LIMITS, maxStrokes: 2 };
    const tracker = new SketchTracker(doc, limits);
    sketchOf(doc).push([strokeMap([10, 10, 100], 'red'), strokeMap([20, 20, 100]), strokeMap([30, 30, 100]), strokeMap([40, 40, 100])]);
    expect(tracker.next(512, 512)?.change).toMatchObject({ kind: 'full', strokes: [{ points: [20, 20, 100] }, { points: [30, 30, 100] }] });
    // Appends to a skipped stroke, or past the limit, draw nothing.
    pointsOf(doc, 0).push([11, 11, 100]);
    pointsOf(doc, 3).push([41, 41, 100]);
    expect(tracker.next(512, 512)).toBeUndefined();
    pointsOf(doc, 1).push([2000, 5, 100]);
    const resent = tracker.next(512, 512)!;
    expect(resent.change).toMatchObject({ kind: 'full', strokes: [{ points: [30, 30, 100] }, { points: [40, 40, 100, 41, 41, 100] }] });
    expect(resent.strokes).toBe(2);
  });
});
