import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { drawSketch, type SketchContext2D } from '@promptjam/protocol';
import type { CanvasInput } from './renderTypes.js';

/**
 * Draws a room's canvas at the frame's size for img2img, on Skia (@napi-rs/canvas): the background colour, the
 * starting image scaled to cover the frame (centre crop, as the engine crops init images), then the strokes,
 * drawn by the protocol's `drawSketch`, the same code the web app draws its live layer with. Erasers paint the
 * background back (the colour, or a pattern of background and image), so one canvas suffices. Skia rather than
 * an SVG through sharp (librsvg): it speaks the same Canvas 2D as the browser, so both draw with one function,
 * and it measured faster than librsvg on the same 200-stroke sketch.
 */
export interface RasterizedCanvas {
  /** The picture as JPEG bytes, what the engine's `initImage` takes. */
  jpeg: Uint8Array;
  /** Whether the starting image was drawn (false when there is none or it could not be decoded). */
  imageDrawn: boolean;
}

/**
 * JPEG quality of the engine's input. JPEG rather than PNG: its encode takes a third of PNG's, and the VAE
 * encoder sees the picture at 1/8 of its size, far below what JPEG's artifacts at this quality change.
 */
export const RASTER_JPEG_QUALITY = 92;

/**
 * Rasterises `canvas` to `width` x `height` pixels. A starting image that fails to decode is left out, never thrown.
 * Drawing and encoding block the calling thread (tens of ms for a big sketch): call it off the event loop, as
 * the server's raster thread (`RasterThread.ts`) does.
 */
export async function rasterizeCanvas(canvas: CanvasInput, width: number, height: number): Promise<RasterizedCanvas> {
  const surface = createCanvas(width, height);
  const ctx = surface.getContext('2d');
  ctx.fillStyle = canvas.background;
  ctx.fillRect(0, 0, width, height);
  const image = canvas.image === undefined ? undefined : await decodeImage(canvas.image);
  let eraserPaint: unknown = canvas.background;
  if (image !== undefined) {
    drawCover(ctx, image, width, height);
    if (canvas.strokes.some((stroke) => stroke.tool === 'eraser')) {
      // Erasers reveal the picture: paint with a copy of it, taken before any stroke.
      const under = createCanvas(width, height);
      under.getContext('2d').drawImage(surface, 0, 0);
      eraserPaint = ctx.createPattern(under, 'no-repeat');
    }
  }
  drawSketch(ctx as unknown as SketchContext2D, canvas.strokes, width, height, eraserPaint);
  // Synchronous on purpose: the server calls this on its raster thread, and the async encode only adds a hop
  // through libuv's shared pool (measured 94 -> 82 ms median for the 200-stroke bench sketch on the busy VM).
  // Skia draws lazily, so this call is also where the strokes are actually rasterised.
  const jpeg = surface.encodeSync('jpeg', RASTER_JPEG_QUALITY);
  return { jpeg: new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength), imageDrawn: image !== undefined };
}

async function decodeImage(bytes: Uint8Array): Promise<Image | undefined> {
  try {
    return await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return undefined; // the gate checked the header; a body that still fails to decode is ignored
  }
}

/** Draws `image` scaled to cover `width` x `height`, centred (CSS `object-fit: cover`). */
function drawCover(ctx: { drawImage(image: Image, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void }, image: Image, width: number, height: number): void {
  const scale = Math.max(width / image.width, height / image.height);
  const sw = width / scale;
  const sh = height / scale;
  ctx.drawImage(image, (image.width - sw) / 2, (image.height - sh) / 2, sw, sh, 0, 0, width, height);
}
