/**
 * How strokes look, in one place: the server rasterises the sketch for img2img with this (on Skia, through
 * @napi-rs/canvas) and the web app draws its live layer with it (the browser's canvas), so what people see while
 * drawing is what the model is given.
 */
import { MAX_PRESSURE, MIN_PRESSURE_DRAWN, POINT_STRIDE, SKETCH_UNITS, type Stroke } from './sketch.js';

/** The part of `CanvasRenderingContext2D` the drawing uses (the browser's and @napi-rs/canvas's both fit). */
export interface SketchContext2D {
  globalCompositeOperation: string;
  strokeStyle: unknown;
  fillStyle: unknown;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  fill(): void;
}

/** Pressure is drawn in this many width steps: one path per run of equal steps keeps Skia's work per stroke low. */
const PRESSURE_LEVELS = 10;

/**
 * Draws `strokes` in order onto `width` x `height` pixels. Pens paint their colour. Erasers take earlier strokes
 * away: on a transparent layer (the default) they clear it (`destination-out`), so the caller composites the
 * layer over the background or starting image; given `eraserPaint` (the background itself: a colour, or a
 * pattern of the background and image), they paint it instead, so a single canvas already holding the background
 * needs no second layer. A stroke's width follows its points' pressure in {@link PRESSURE_LEVELS} steps; a single
 * point draws a dot of the stroke's width.
 */
export function drawSketch(ctx: SketchContext2D, strokes: readonly Stroke[], width: number, height: number, eraserPaint?: unknown): void {
  for (const stroke of strokes) drawSketchStroke(ctx, stroke, width, height, eraserPaint);
}

/**
 * Draws one stroke as {@link drawSketch} draws each (same arguments), for a caller that keeps a canvas and
 * draws the strokes one by one. Leaves the composite operation at `source-over`.
 */
export function drawSketchStroke(ctx: SketchContext2D, stroke: Stroke, width: number, height: number, eraserPaint?: unknown): void {
  const clears = eraserPaint === undefined;
  const eraser = stroke.tool === 'eraser';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.globalCompositeOperation = eraser && clears ? 'destination-out' : 'source-over';
  const paint = eraser ? (clears ? '#000000' : eraserPaint) : stroke.colour;
  ctx.strokeStyle = paint;
  ctx.fillStyle = paint;
  drawStroke(ctx, stroke, width / SKETCH_UNITS, height / SKETCH_UNITS);
  ctx.globalCompositeOperation = 'source-over';
}

function drawStroke(ctx: SketchContext2D, stroke: Stroke, sx: number, sy: number): void {
  const p = stroke.points;
  const count = p.length / POINT_STRIDE;
  if (count === 0) return;
  let level = pressureLevel(p[2] ?? MAX_PRESSURE);
  if (count === 1) {
    // A lone point is a dot (a zero-length line draws nothing on some canvases).
    ctx.beginPath();
    ctx.arc((p[0] ?? 0) * sx, (p[1] ?? 0) * sy, (stroke.width * sx * level) / PRESSURE_LEVELS / 2, 0, 2 * Math.PI);
    ctx.fill();
    return;
  }
  const startRun = (i: number): void => {
    ctx.lineWidth = (stroke.width * sx * level) / PRESSURE_LEVELS;
    ctx.beginPath();
    ctx.moveTo((p[i] ?? 0) * sx, (p[i + 1] ?? 0) * sy);
  };
  startRun(0);
  for (let i = POINT_STRIDE; i < p.length; i += POINT_STRIDE) {
    ctx.lineTo((p[i] ?? 0) * sx, (p[i + 1] ?? 0) * sy);
    const next = pressureLevel(p[i + 2] ?? MAX_PRESSURE);
    if (next !== level && i + POINT_STRIDE < p.length) {
      // The new run starts where the old one ended, so the line stays joined.
      ctx.stroke();
      level = next;
      startRun(i);
    }
  }
  ctx.stroke();
}

function pressureLevel(pressure: number): number {
  const drawn = Math.max(MIN_PRESSURE_DRAWN, Math.min(MAX_PRESSURE, pressure));
  return Math.max(1, Math.round((drawn / MAX_PRESSURE) * PRESSURE_LEVELS));
}
