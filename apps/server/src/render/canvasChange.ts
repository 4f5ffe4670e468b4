import type { Stroke } from '@promptjam/protocol';

/**
 * What changed in a room's canvas since the rasteriser last drew it. Strokes are append-mostly: while people
 * draw, points are appended to the newest strokes and new strokes are pushed at the end, so most changes are an
 * `append` the rasteriser draws on top of the picture it keeps. Anything else (a stroke removed or reordered by
 * undo, erase or clear; a stroke's settings changed; the background, starting image or size changed) is a
 * `full` change: the whole canvas, drawn from scratch.
 */
export type CanvasChange = FullCanvasChange | AppendCanvasChange;

/** The whole canvas: valid strokes in drawing order over the background and the starting image. */
export interface FullCanvasChange {
  kind: 'full';
  strokes: readonly Stroke[];
  /** `#rrggbb` under the strokes. */
  background: string;
  /** The starting image's encoded bytes (PNG, JPEG or WebP), if any. */
  image?: Uint8Array;
}

/** Points appended to strokes already drawn, and strokes added after them. */
export interface AppendCanvasChange {
  kind: 'append';
  /** `stroke` indexes the strokes drawn so far (in the order of the last full change plus later additions). */
  appends: readonly StrokeAppend[];
  /** New strokes, drawn after every earlier one. */
  added: readonly Stroke[];
}

/** Points appended to one drawn stroke: flat `x, y, pressure` triples, as in `Stroke.points`. */
export interface StrokeAppend {
  stroke: number;
  points: readonly number[];
}

/**
 * A rectangle of a picture's pixels: RGBA rows (opaque, so straight and premultiplied alike), `width * height * 4`
 * bytes, its top-left corner at (`x`, `y`).
 */
export interface PixelRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A rasterised canvas, as what changed since the picture before it: the whole picture after a full change (or
 * when everything changed), else the rectangle the redrawn strokes cover. The receiver keeps the picture and
 * patches it (`RoomPicture`), so a drawing change moves a few KiB rather than the whole frame.
 */
export interface RasterizedCanvas {
  /** The picture's size. */
  width: number;
  height: number;
  /** The pixels that changed; the whole picture when it covers `width` x `height`. */
  changed: PixelRegion;
  /** Whether the starting image was drawn (false when there is none or it could not be decoded). */
  imageDrawn: boolean;
  /** How it was drawn: only what was new, or everything from scratch. */
  redraw: 'incremental' | 'full';
}

/**
 * Draws room canvases and keeps each room's picture for the next change: the server's raster thread
 * (`RasterThread`) or, in this thread, `SketchSurfaces`.
 */
export interface CanvasRasterizer {
  /**
   * Applies `change` to `room`'s picture at `width` x `height`. Resolves null when an `append` has no picture
   * to go on (the room's was dropped, evicted or drawn at another size, or the thread restarted): send a
   * `full` change. Rejects when drawing failed.
   */
  draw(room: string, width: number, height: number, change: CanvasChange): Promise<RasterizedCanvas | null>;
  /** Forgets `room`'s picture (the room unloaded). */
  drop(room: string): void;
}
