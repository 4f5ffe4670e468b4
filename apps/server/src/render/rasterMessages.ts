import type { CanvasChange, RasterizedCanvas } from './canvasChange.js';

/** Server to raster thread: apply `change` to `room`'s picture at `width` x `height`, or forget the room's picture. */
export type RasterRequest =
  | { kind: 'draw'; id: number; room: string; width: number; height: number; change: CanvasChange }
  | { kind: 'drop'; room: string };

/** Raster thread to server: the picture, null (no picture to append to: send a full change), or why it failed. */
export type RasterReply = { id: number; canvas: RasterizedCanvas | null } | { id: number; error: string };
