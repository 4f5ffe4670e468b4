import { describe, expect, it } from 'vitest';
import type { RasterizedCanvas } from './canvasChange.js';
import { RoomPicture } from './RoomPicture.js';

/** A 4x2 picture, or a patch of it, every byte `value`. */
function drawn(value: number, x = 0, y = 0, width = 4, height = 2): RasterizedCanvas {
  return { width: 4, height: 2, changed: { x, y, width, height, data: new Uint8Array(width * height * 4).fill(value) }, imageDrawn: false, redraw: 'incremental' };
}

describe('RoomPicture', () => {
  it('patches rectangles into the whole picture, never into one lent to a render', () => {
    const picture = new RoomPicture();
    expect(picture.lend()).toBeUndefined();
    expect(picture.apply(drawn(1, 1, 0, 2, 1))).toBe(false); // a patch with nothing to patch
    expect(picture.apply(drawn(1))).toBe(true);
    const lent = picture.lend()!;
    expect(picture.apply(drawn(9, 1, 1, 2, 1))).toBe(true);
    expect([...lent.data]).toEqual(new Array(32).fill(1));
    const now = picture.lend()!.data;
    // Row 1, columns 1-2 are 9; everything else is still 1.
    expect([...now].map((value, i) => (Math.floor(i / 16) === 1 && [1, 2].includes(Math.floor((i % 16) / 4)) ? value === 9 : value === 1))).toEqual(new Array(32).fill(true));
  });
});
