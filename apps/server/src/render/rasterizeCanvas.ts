import { createCanvas, loadImage, type Image } from '@napi-rs/canvas';
import { drawSketch, type SketchContext2D } from '@promptjam/protocol';
import type { CanvasInput } from './renderTypes.js';

/**
 * Draws a room's canvas at the frame's size for img2img, on Skia (@napi-rs/canvas): the background colour, the
 * starting image scaled to cover the frame (centre crop, as the engine crops init images), then the strokes on
 * their own layer (so an eraser uncovers the image rather than painting over it), drawn by the protocol's
 * `drawSketch`, the same code the web app draws its live layer with. Skia, rather than librsvg through sharp:
 * librsvg took 30x longer on a 200-stroke sketch, far beyond the 5 ms budget (docs/BENCHMARKS.md).
 */
export interface RasterizedCanvas {
  /** The picture as PNG bytes, what the engine's `initImage` takes. */
  png: Uint8Array;
  /** Whether the starting image was drawn (false when there is none or it could not be decoded). */
  imageDrawn: boolean;
}

/** Rasterises `canvas` to `width` x `height` pixels. A starting image that fails to decode is left out, never thrown. */
export async function rasterizeCanvas(canvas: CanvasInput, width: number, height: number): Promise<RasterizedCanvas> {
  const surface = createCanvas(width, height);
  const ctx = surface.getContext('2d');
  ctx.fillStyle = canvas.background;
  ctx.fillRect(0, 0, width, height);
  const image = canvas.image === undefined ? undefined : await decodeImage(canvas.image);
  if (image !== undefined) drawCover(ctx, image, width, height);
  if (canvas.strokes.length > 0) {
    const layer = createCanvas(width, height);
    drawSketch(layer.getContext('2d') as unknown as SketchContext2D, canvas.strokes, width, height);
    ctx.drawImage(layer, 0, 0);
  }
  const png = await surface.encode('png');
  return { png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength), imageDrawn: image !== undefined };
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
