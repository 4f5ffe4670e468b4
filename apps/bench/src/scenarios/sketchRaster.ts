/**
 * Scenario 1b, sketch rasterising: what a room's sketch costs before each img2img frame, drawn by the server's
 * own `SketchSurfaces` (Skia through @napi-rs/canvas, raw RGBA out, as the engine takes it; in this thread, as
 * the server's raster thread runs it) on a seeded sketch of 200 strokes with 100 points each (20,000 points, pen
 * pressure swelling and fading along half of them as a pen's does, one eraser in ten) at 512x512, after warm-up.
 * Two cases, both reported:
 * - typical, a room that is drawing: 199 strokes drawn and the 200th growing by 2 points a change (a push every
 *   33 ms from a 60 Hz pointer), a new stroke started when it reaches 100 points; the surface kept from the last
 *   change redraws only the active stroke (the target is judged on this median);
 * - worst, a full redraw: the same 200 strokes drawn from scratch, as after an undo, erase, clear or a new image.
 * The engine's own time per frame from scenario 1 stands beside both in the report.
 */
import { SETTLE_AFTER_CHANGES, SketchSurfaces, type FullCanvasChange } from '@promptjam/server';
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
/** Points a drawing client pushes per change: a 60 Hz pointer pushed every 33 ms. */
const POINTS_PER_PUSH = 2;
const ROOM = 'bench';
/** A drawing change costs about a millisecond: measure at least this many for a steady median and p95. */
const MIN_INCREMENTAL_RUNS = 200;

/** The figures of one run. */
export interface SketchRasterResult {
  strokes: number;
  points: number;
  width: number;
  height: number;
  /** Milliseconds per change while a room draws (points appended to the active stroke), pixels read included. */
  incrementalMs: Summary;
  /** Milliseconds per redraw of the whole sketch from scratch (after undo, erase, clear, a new image), pixels read included. */
  fullMs: Summary;
}

/** A seeded sketch: strokes wander like hand-drawn lines in sketch units (0-1024). */
export function benchSketch(strokes = SKETCH_STROKES, pointsPerStroke = SKETCH_POINTS_PER_STROKE, seed = 7): FullCanvasChange {
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
  return { kind: 'full', strokes: list, background: '#ffffff' };
}

/**
 * Rasterises the bench sketch `runs` times from scratch and at least {@link MIN_INCREMENTAL_RUNS} times while
 * drawing, at 512x512, and summarises the time per run.
 */
export async function measureSketchRaster(runs: number, log: BenchLog): Promise<SketchRasterResult> {
  const sketch = benchSketch();
  const points = sketch.strokes.reduce((sum, s) => sum + s.points.length / 3, 0);
  const fullMs = await timeFull(sketch, runs);
  const incrementalMs = await timeIncremental(sketch, Math.max(runs, MIN_INCREMENTAL_RUNS));
  const size = `${SKETCH_SIZE_PX}x${SKETCH_SIZE_PX}`;
  log(`  ${sketch.strokes.length} strokes / ${points} points at ${size}: drawing (incremental) p50 ${incrementalMs.p50.toFixed(2)} ms, p95 ${incrementalMs.p95.toFixed(2)} ms; full redraw p50 ${fullMs.p50.toFixed(2)} ms, p95 ${fullMs.p95.toFixed(2)} ms`);
  return { strokes: sketch.strokes.length, points, width: SKETCH_SIZE_PX, height: SKETCH_SIZE_PX, incrementalMs, fullMs };
}

async function timeFull(sketch: FullCanvasChange, runs: number): Promise<Summary> {
  const surfaces = new SketchSurfaces();
  for (let i = 0; i < WARM_UP_RUNS; i += 1) await surfaces.draw(ROOM, SKETCH_SIZE_PX, SKETCH_SIZE_PX, sketch);
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await surfaces.draw(ROOM, SKETCH_SIZE_PX, SKETCH_SIZE_PX, sketch);
    times.push(performance.now() - started);
  }
  return summarize(times);
}

async function timeIncremental(sketch: FullCanvasChange, runs: number): Promise<Summary> {
  const surfaces = new SketchSurfaces();
  const template = sketch.strokes;
  const last = template.length - 1;
  // 199 strokes drawn, the 200th just started.
  const start: FullCanvasChange = { ...sketch, strokes: [...template.slice(0, last), { ...template[last]!, points: template[last]!.points.slice(0, 3) }] };
  await surfaces.draw(ROOM, SKETCH_SIZE_PX, SKETCH_SIZE_PX, start);
  let active = last;
  let drawn = 1;
  let templateStroke = template[last]!;
  const push = async (): Promise<void> => {
    if (drawn >= templateStroke.points.length / 3) {
      // The stroke is done: the person starts the next one (the sketch's strokes again, in turn).
      templateStroke = template[(active + 1) % template.length]!;
      active += 1;
      drawn = POINTS_PER_PUSH;
      await surfaces.draw(ROOM, SKETCH_SIZE_PX, SKETCH_SIZE_PX, { kind: 'append', appends: [], added: [{ ...templateStroke, points: templateStroke.points.slice(0, drawn * 3) }] });
      return;
    }
    const points = templateStroke.points.slice(drawn * 3, (drawn + POINTS_PER_PUSH) * 3);
    drawn += POINTS_PER_PUSH;
    const drew = await surfaces.draw(ROOM, SKETCH_SIZE_PX, SKETCH_SIZE_PX, { kind: 'append', appends: [{ stroke: active, points }], added: [] });
    if (drew?.redraw !== 'incremental') throw new Error(`the bench's drawing change was not incremental (${drew?.redraw ?? 'no surface'})`);
  };
  // Warm-up: past the changes after which the strokes of the full draw settle, so only the drawn one is active.
  for (let i = 0; i < SETTLE_AFTER_CHANGES + WARM_UP_RUNS; i += 1) await push();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await push();
    times.push(performance.now() - started);
  }
  return summarize(times);
}
