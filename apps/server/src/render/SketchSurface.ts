import { createCanvas, loadImage, type Canvas, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import { drawSketchStroke, POINT_STRIDE, SKETCH_UNITS, type SketchContext2D, type Stroke } from '@promptjam/protocol';
import type { RawImage } from '@promptjam/diffusion';
import type { AppendCanvasChange, FullCanvasChange, PixelRegion, RasterizedCanvas } from './canvasChange.js';

/**
 * A stroke that has received no points for this many changes (about a second of a person drawing: the web app
 * pushes ~30 times a second) is settled: drawn once onto the kept picture of everything before it.
 */
export const SETTLE_AFTER_CHANGES = 30;
/** Most strokes kept active (redrawn on each change) at once; older ones are settled even if still growing. */
export const MAX_ACTIVE_STROKES = 8;

/** A stroke as drawn: its points grow as appends arrive; `touched` is the change that last grew it. */
interface DrawnStroke extends Stroke {
  points: number[];
  touched: number;
}

/**
 * One room's canvas on Skia (@napi-rs/canvas), kept between changes so a change draws only the strokes still
 * being drawn: the background colour, the starting image scaled to cover the frame (centre crop, as the engine
 * crops init images), then the strokes, each drawn by the protocol's `drawSketchStroke`, the same code the web
 * app draws its live layer with. Erasers paint the background back (the colour, or a pattern of background and
 * image), so one canvas suffices.
 *
 * Two canvases: `settled` holds the background, image and the strokes nobody is drawing any more (the first
 * `settledCount`); the picture is a copy of it with the active strokes (the rest, at most
 * {@link MAX_ACTIVE_STROKES}) drawn whole on top. Drawing a growing stroke whole each time, rather than only
 * its new points, keeps the pixels exactly those of a redraw from scratch (pieces drawn separately would blend
 * their anti-aliased edges twice where they meet), and costs one copy of the picture plus the few active
 * strokes. Points appended to a settled stroke (someone resumed an old stroke) redraw from that stroke on.
 *
 * Skia's drawing calls are synchronous and cost tens of ms for a big sketch drawn from scratch: use it off the
 * event loop, as the server's raster thread does.
 */
export class SketchSurface {
  private readonly picture: Canvas;
  private readonly pictureCtx: SKRSContext2D;
  private readonly settled: Canvas;
  private readonly settledCtx: SKRSContext2D;
  private strokes: DrawnStroke[] = [];
  private settledCount = 0;
  private changes = 0;
  private background = '#ffffff';
  private image: Image | undefined;
  /** What erasers paint over a starting image: a pattern of background and image (made on first use). */
  private imagePattern: unknown;
  /** Pixel bounds of what changed since the pixels were last read; `all` after a redraw from scratch. */
  private dirty: Box | 'all' = 'all';

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.picture = createCanvas(width, height);
    this.pictureCtx = this.picture.getContext('2d');
    this.settled = createCanvas(width, height);
    this.settledCtx = this.settled.getContext('2d');
  }

  /** Whether the starting image is drawn (false when there is none or it could not be decoded). */
  get imageDrawn(): boolean {
    return this.image !== undefined;
  }

  /** Bytes of pixels this surface holds (its canvases and the eraser pattern, if made). */
  get bytes(): number {
    return this.width * this.height * 4 * (this.imagePattern === undefined ? 2 : 3);
  }

  /**
   * Replaces everything with `change` and draws it from scratch. The last {@link MAX_ACTIVE_STROKES} strokes stay
   * active (they may still be growing) until they stop growing. A starting image that fails to decode is left out.
   */
  async reset(change: FullCanvasChange): Promise<void> {
    this.background = change.background;
    this.image = change.image === undefined ? undefined : await decodeImage(change.image);
    this.imagePattern = undefined;
    this.changes += 1;
    this.strokes = change.strokes.map((stroke) => ({ ...stroke, points: [...stroke.points], touched: this.changes }));
    this.resettle(Math.max(0, this.strokes.length - MAX_ACTIVE_STROKES));
    this.compose();
    this.dirty = 'all';
  }

  /**
   * Applies `change`: appends the points, adds the strokes, settles strokes that stopped growing, and redraws the
   * active ones. Returns `full` when a settled stroke grew (everything from it on was redrawn), else `incremental`.
   * Throws a RangeError for an append to a stroke it does not hold (the caller's view of the strokes is out of
   * step: send a full change).
   */
  append(change: AppendCanvasChange): RasterizedCanvas['redraw'] {
    const missing = change.appends.find(({ stroke }) => this.strokes[stroke] === undefined);
    if (missing !== undefined) throw new RangeError(`append to stroke ${missing.stroke} of ${this.strokes.length}`);
    this.changes += 1;
    let resumed = this.settledCount;
    for (const { stroke: index, points } of change.appends) {
      if (points.length === 0) continue;
      const stroke = this.strokes[index]!;
      stroke.points.push(...points);
      stroke.touched = this.changes;
      resumed = Math.min(resumed, index);
    }
    for (const stroke of change.added) this.strokes.push({ ...stroke, points: [...stroke.points], touched: this.changes });
    const redraw = resumed < this.settledCount ? 'full' : 'incremental';
    if (redraw === 'full') this.resettle(resumed);
    // Settling draws a stroke on the settled canvas exactly as it was drawn on the picture: only the strokes
    // still active can have changed pixels (they grew, or are new).
    this.settle();
    this.compose();
    if (redraw === 'full') this.dirty = 'all';
    else if (this.dirty !== 'all') for (const stroke of this.strokes.slice(this.settledCount)) this.dirty = union(this.dirty, this.boundsOf(stroke));
    return redraw;
  }

  /**
   * The picture's pixels as RGBA (a copy: safe to transfer), written into `into` when it has the right size
   * (a buffer the caller is done with), else into a new one. Skia draws lazily; this is where it rasterises.
   * The canvas is opaque, so its stored (premultiplied) pixels are the straight RGBA the engine takes, read
   * without `getImageData`'s conversion (a tenth of its time here).
   */
  pixels(into?: Uint8Array): RawImage {
    const bytes = this.width * this.height * 4;
    const data = into?.length === bytes ? into : new Uint8Array(bytes);
    data.set(this.picture.data());
    return { data, width: this.width, height: this.height, channels: 4 };
  }

  /**
   * The pixels that changed since the last call (all of them the first time and after a redraw from scratch),
   * as a new buffer: safe to transfer.
   */
  changedPixels(): PixelRegion {
    const dirty = this.dirty;
    this.dirty = EMPTY;
    if (dirty === 'all') {
      const { data, width, height } = this.pixels();
      return { x: 0, y: 0, width, height, data };
    }
    const x = Math.max(0, Math.floor(dirty.minX));
    const y = Math.max(0, Math.floor(dirty.minY));
    const width = Math.max(0, Math.min(this.width, Math.ceil(dirty.maxX)) - x);
    const height = Math.max(0, Math.min(this.height, Math.ceil(dirty.maxY)) - y);
    if (width === 0 || height === 0) return { x: 0, y: 0, width: 0, height: 0, data: new Uint8Array() };
    const { data } = this.pictureCtx.getImageData(x, y, width, height);
    return { x, y, width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }

  /** Pixel bounds of `stroke`: its points widened by half its full width and two pixels of anti-aliasing. */
  private boundsOf(stroke: DrawnStroke): Box {
    const sx = this.width / SKETCH_UNITS;
    const sy = this.height / SKETCH_UNITS;
    const pad = (stroke.width * Math.max(sx, sy)) / 2 + 2;
    const box = { ...EMPTY };
    const p = stroke.points;
    for (let i = 0; i + 1 < p.length; i += POINT_STRIDE) {
      box.minX = Math.min(box.minX, p[i]! * sx - pad);
      box.maxX = Math.max(box.maxX, p[i]! * sx + pad);
      box.minY = Math.min(box.minY, p[i + 1]! * sy - pad);
      box.maxY = Math.max(box.maxY, p[i + 1]! * sy + pad);
    }
    return box;
  }

  /** Redraws the settled canvas from scratch with the first `count` strokes. */
  private resettle(count: number): void {
    const ctx = this.settledCtx;
    ctx.fillStyle = this.background;
    ctx.fillRect(0, 0, this.width, this.height);
    if (this.image !== undefined) drawCover(ctx, this.image, this.width, this.height);
    this.settledCount = 0;
    while (this.settledCount < count) this.settleNext();
  }

  /** Settles, in order, the strokes that stopped growing, and the oldest beyond {@link MAX_ACTIVE_STROKES}. */
  private settle(): void {
    const last = this.strokes.length - 1;
    while (this.settledCount < last) {
      const stroke = this.strokes[this.settledCount]!;
      const quiet = this.changes - stroke.touched >= SETTLE_AFTER_CHANGES;
      if (!quiet && this.strokes.length - this.settledCount <= MAX_ACTIVE_STROKES) break;
      this.settleNext();
    }
  }

  private settleNext(): void {
    this.drawStroke(this.settledCtx, this.strokes[this.settledCount]!);
    this.settledCount += 1;
  }

  /** The picture: the settled canvas with the active strokes drawn on top. */
  private compose(): void {
    this.pictureCtx.drawImage(this.settled, 0, 0);
    for (const stroke of this.strokes.slice(this.settledCount)) this.drawStroke(this.pictureCtx, stroke);
  }

  private drawStroke(ctx: SKRSContext2D, stroke: DrawnStroke): void {
    const paint = stroke.tool === 'eraser' ? this.eraserPaint() : this.background;
    drawSketchStroke(ctx as unknown as SketchContext2D, stroke, this.width, this.height, paint);
  }

  /** Erasers reveal the picture under the strokes: the background colour, or a pattern of background and image. */
  private eraserPaint(): unknown {
    if (this.image === undefined) return this.background;
    if (this.imagePattern === undefined) {
      const under = createCanvas(this.width, this.height);
      const underCtx = under.getContext('2d');
      underCtx.fillStyle = this.background;
      underCtx.fillRect(0, 0, this.width, this.height);
      drawCover(underCtx, this.image, this.width, this.height);
      this.imagePattern = this.pictureCtx.createPattern(under, 'no-repeat');
    }
    return this.imagePattern;
  }
}

/** Pixel bounds (fractional; rounded outwards when read). */
interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const EMPTY: Readonly<Box> = Object.freeze({ minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity });

function union(a: Box, b: Box): Box {
  return { minX: Math.min(a.minX, b.minX), minY: Math.min(a.minY, b.minY), maxX: Math.max(a.maxX, b.maxX), maxY: Math.max(a.maxY, b.maxY) };
}

async function decodeImage(bytes: Uint8Array): Promise<Image | undefined> {
  try {
    return await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return undefined; // the gate checked the header; a body that still fails to decode is ignored
  }
}

/** Draws `image` scaled to cover `width` x `height`, centred (CSS `object-fit: cover`). */
function drawCover(ctx: SKRSContext2D, image: Image, width: number, height: number): void {
  const scale = Math.max(width / image.width, height / image.height);
  const sw = width / scale;
  const sh = height / scale;
  ctx.drawImage(image, (image.width - sw) / 2, (image.height - sh) / 2, sw, sh, 0, 0, width, height);
}
