import type { RasterizedCanvas } from './rasterizeCanvas.js';
import type { CanvasInput } from './renderTypes.js';

/** Server to raster thread: draw `canvas` at `width` x `height`. */
export interface RasterRequest {
  id: number;
  canvas: CanvasInput;
  width: number;
  height: number;
}

/** Raster thread to server: the picture, or why it failed. */
export type RasterReply = ({ id: number } & RasterizedCanvas) | { id: number; error: string };
