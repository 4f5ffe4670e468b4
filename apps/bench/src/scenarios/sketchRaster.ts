/**
 * Scenario 1b, sketch rasterising: what a room's sketch costs before each img2img frame. A seeded sketch of 200
 * strokes with 100 points each (20,000 points, pen pressure swelling and fading along half of them as a pen's
 * does, one eraser in ten) is drawn at 512x512 by the server's own `rasterizeCanvas` (Skia through
 * @napi-rs/canvas, JPEG out, as the engine takes it), after warm-up. The engine's own time per frame from scenario 1 stands beside it in the report.
 */
import { rasterizeCanvas, type CanvasInput } from '@promptjam/server';
import type { Stroke } from '@promptjam/protocol';
import { summarize, type Summary } from '../stats.js';
import { seededRandom } from '../SyntheticTypist.js';
import type { BenchLog } from './benchTarget.js';

/** The sketch the target is stated for. */
export const SKETCH_STROKES = 200;
export const SKETCH_POINTS_PER_STROKE = 100;
/** Frame size the target is stated at. */
const SKETCH_SIZE_PX = 512;
const WARM_UP_RUNS = 5;

/** The figures of one run. */
export interface SketchRasterResult {
  strokes: number;
  points: number;
  width: number;
  height: number;
  /** Milliseconds per rasterisation, JPEG encode included. */
  rasterMs: Summary;
  /** Bytes of the JPEG the engine receives. */
  jpegBytes: number;
}

/** A seeded sketch: strokes wander like hand-drawn lines in sketch units (0-1024). */
export function benchSketch(strokes = SKETCH_STROKES, pointsPerStroke = SKETCH_POINTS_PER_STROKE, seed = 7): CanvasInput {
  const random = seededRandom(seed);
  const palette = ['#111111', '#e03131', '#f08c00', '#2f9e44', '#1971c2', '#7048e8'];
  const list: Stroke[] = [];
  for (let s = 0; s < strokes; s += 1) {
    let x = random() * 1024;
    let y = random() * 1024;
    let heading = random() * 2 * Math.PI;
    const pressured = s % 2 === 0;
    const points: number[] = [];
    for (let p = 0; p < pointsPerStroke; p += 1) {
      heading += (random() - 0.5) * 0.6;
      x = Math.min(1024, Math.max(0, x + Math.cos(heading) * 6));
      y = Math.min(1024, Math.max(0, y + Math.sin(heading) * 6));
      points.push(Math.round(x), Math.round(y), pressured ? Math.round(70 + 30 * Math.sin((p / pointsPerStroke) * Math.PI)) : 100);
    }
    list.push({ tool: s % 10 === 9 ? 'eraser' : 'pen', colour: palette[s % palette.length]!, width: 8 + Math.round(random() * 40), points });
  }
  return { strokes: list, background: '#ffffff', digest: 'bench' };
}

/** Rasterises the bench sketch `runs` times at 512x512 and summarises the time per run. */
export async function measureSketchRaster(runs: number, log: BenchLog): Promise<SketchRasterResult> {
  const sketch = benchSketch();
  let jpegBytes = 0;
  for (let i = 0; i < WARM_UP_RUNS; i += 1) jpegBytes = (await rasterizeCanvas(sketch, SKETCH_SIZE_PX, SKETCH_SIZE_PX)).jpeg.length;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await rasterizeCanvas(sketch, SKETCH_SIZE_PX, SKETCH_SIZE_PX);
    times.push(performance.now() - started);
  }
  const rasterMs = summarize(times);
  const points = sketch.strokes.reduce((sum, s) => sum + s.points.length / 3, 0);
  log(`  ${sketch.strokes.length} strokes / ${points} points at ${SKETCH_SIZE_PX}x${SKETCH_SIZE_PX}: p50 ${rasterMs.p50.toFixed(2)} ms, p95 ${rasterMs.p95.toFixed(2)} ms (${jpegBytes} bytes JPEG)`);
  return { strokes: sketch.strokes.length, points, width: SKETCH_SIZE_PX, height: SKETCH_SIZE_PX, rasterMs, jpegBytes };
}
