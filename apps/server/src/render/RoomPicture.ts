import type { RawImage } from '@promptjam/diffusion';
import type { RasterizedCanvas } from './canvasChange.js';

/**
 * A room's rasterised canvas on the server's side of the raster thread: the whole picture, patched with the
 * rectangles each drawing change sends. A picture handed to a render (`lend`) is never written again: the next
 * patch first copies it (one frame's worth of bytes per frame rendered, not per change drawn).
 */
export class RoomPicture {
  private pixels: RawImage | undefined;
  private lent = false;

  /**
   * Takes what the rasteriser drew. Returns false when it is a patch with no picture of that size to patch
   * (out of step: the caller asks for a full change).
   */
  apply(drawn: RasterizedCanvas): boolean {
    const { width, height, changed } = drawn;
    if (changed.x === 0 && changed.y === 0 && changed.width === width && changed.height === height) {
      this.pixels = { data: changed.data, width, height, channels: 4 };
      this.lent = false;
      return true;
    }
    const current = this.pixels;
    if (current?.width !== width || current.height !== height) return false;
    if (this.lent) {
      this.pixels = { ...current, data: current.data.slice() };
      this.lent = false;
    }
    const target = this.pixels!.data;
    const rowBytes = changed.width * 4;
    for (let row = 0; row < changed.height; row += 1) {
      const from = row * rowBytes;
      target.set(changed.data.subarray(from, from + rowBytes), ((changed.y + row) * width + changed.x) * 4);
    }
    return true;
  }

  /** The picture for a render: stays as it is for as long as the render needs it. Undefined before the first. */
  lend(): RawImage | undefined {
    if (this.pixels !== undefined) this.lent = true;
    return this.pixels;
  }
}
