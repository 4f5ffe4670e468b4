import { describe, expect, it } from 'vitest';
import type { FullCanvasChange } from './canvasChange.js';
import { SketchSurfaces } from './SketchSurfaces.js';

const canvas: FullCanvasChange = { kind: 'full', strokes: [{ tool: 'pen', colour: '#ff0000', width: 64, points: [0, 0, 100] }], background: '#ffffff' };
const grow = { kind: 'append' as const, appends: [{ stroke: 0, points: [512, 512, 100] }], added: [] };
/** Bytes one 64x64 room's surface holds (two RGBA canvases). */
const ROOM_BYTES = 64 * 64 * 4 * 2;

describe('SketchSurfaces', () => {
  it('keeps pictures within the byte bound, dropping the least recently drawn room first', async () => {
    const surfaces = new SketchSurfaces(2 * ROOM_BYTES);
    await surfaces.draw('a', 64, 64, canvas);
    await surfaces.draw('b', 64, 64, canvas);
    expect((await surfaces.draw('a', 64, 64, grow))?.redraw).toBe('incremental'); // 'a' is now the most recent
    await surfaces.draw('c', 64, 64, canvas);
    expect(surfaces.size).toBe(2);
    expect(await surfaces.draw('b', 64, 64, grow)).toBeNull(); // dropped: the room must send everything
    expect(await surfaces.draw('a', 64, 64, grow)).not.toBeNull();
  });

  it("forgets a room's picture when it is dropped, also while its first picture is still being drawn", async () => {
    const surfaces = new SketchSurfaces();
    await surfaces.draw('a', 64, 64, canvas);
    surfaces.drop('a');
    expect(await surfaces.draw('a', 64, 64, grow)).toBeNull();
    const drawing = surfaces.draw('b', 64, 64, canvas);
    surfaces.drop('b');
    expect(await drawing).not.toBeNull();
    expect(surfaces.size).toBe(0);
  });

  it('an append at another size has no picture to go on', async () => {
    const surfaces = new SketchSurfaces();
    await surfaces.draw('a', 64, 64, canvas);
    expect(await surfaces.draw('a', 128, 64, grow)).toBeNull();
  });
});
