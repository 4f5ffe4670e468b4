import { describe, expect, it } from 'vitest';
import { readSketchCursors, SKETCH_CURSOR_FIELD } from './sketchCursor';

describe('readSketchCursors', () => {
  it("reads other people's cursors with their name and colour, skipping self and malformed states", () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'Me', color: '#ff6b6b' }, [SKETCH_CURSOR_FIELD]: { x: 1, y: 1, drawing: false } }],
      [2, { user: { name: 'Bob', color: '#4dabf7' }, [SKETCH_CURSOR_FIELD]: { x: 512, y: 100, drawing: true } }],
      [3, { user: { name: 'Eve', color: 'red; background:url(x)' }, [SKETCH_CURSOR_FIELD]: { x: 10, y: 10 } }],
      [4, { user: { name: 'Off' }, [SKETCH_CURSOR_FIELD]: null }],
      [5, { [SKETCH_CURSOR_FIELD]: { x: Number.NaN, y: 1 } }],
      [6, { [SKETCH_CURSOR_FIELD]: { x: 5000, y: 1 } }],
      [7, 'garbage'],
    ]);
    const cursors = readSketchCursors(states, 1);
    expect(cursors.map((c) => [c.clientId, c.name, c.drawing])).toEqual([
      [2, 'Bob', true],
      [3, 'Eve', false],
    ]);
    expect(cursors[1]!.color).toMatch(/^#[0-9a-f]{6}$/i);
  });
});
