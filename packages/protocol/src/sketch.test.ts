import { describe, expect, it } from 'vitest';
import { drawSketch, type SketchContext2D } from './drawSketch.js';
import { DEFAULT_SKETCH_LIMITS, checkStroke, readBackground, type Stroke } from './sketch.js';

const limits = DEFAULT_SKETCH_LIMITS;
const valid = { tool: 'pen', colour: '#ff8800', width: 12, author: 'Ada', points: [10, 20, 100, 30, 40, 50] };

describe('checkStroke', () => {
  it('accepts a well-formed stroke, with or without an author', () => {
    expect(checkStroke(valid, limits)).toEqual({ ok: true, stroke: valid });
    const { author: _author, ...anonymous } = valid;
    expect(checkStroke(anonymous, limits).ok).toBe(true);
  });

  it.each([
    ['not a map', [1, 2, 3]],
    ['an unknown key', { ...valid, script: 'x' }],
    ['an unknown tool', { ...valid, tool: 'spray' }],
    ['a named colour', { ...valid, colour: 'red' }],
    ['a zero width', { ...valid, width: 0 }],
    ['a width above the limit', { ...valid, width: limits.maxStrokeWidth + 1 }],
    ['a NaN width', { ...valid, width: Number.NaN }],
    ['a long author', { ...valid, author: 'x'.repeat(65) }],
    ['a partial triple', { ...valid, points: [1, 2] }],
    ['a NaN coordinate', { ...valid, points: [Number.NaN, 2, 100] }],
    ['an infinite coordinate', { ...valid, points: [1, Infinity, 100] }],
    ['a coordinate off the canvas', { ...valid, points: [1, 1025, 100] }],
    ['a negative coordinate', { ...valid, points: [-1, 0, 100] }],
    ['a pressure above 100', { ...valid, points: [1, 1, 101] }],
    ['a string point', { ...valid, points: ['1', 1, 100] }],
    ['too many points', { ...valid, points: new Array((limits.maxStrokePoints + 1) * 3).fill(1) }],
  ])('refuses %s', (_what, raw) => {
    const check = checkStroke(raw, limits);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.detail.length).toBeGreaterThan(0);
  });

  it('accepts exactly the point limit', () => {
    expect(checkStroke({ ...valid, points: new Array(limits.maxStrokePoints * 3).fill(1) }, limits).ok).toBe(true);
  });
});

describe('readBackground', () => {
  it('keeps a #rrggbb colour and falls back to white otherwise', () => {
    expect(readBackground('#123abc')).toBe('#123abc');
    expect(readBackground('url(x)')).toBe('#ffffff');
    expect(readBackground(7)).toBe('#ffffff');
  });
});

/** Records the drawing calls, so the test reads what the layer would show. */
class RecordingContext implements SketchContext2D {
  globalCompositeOperation = 'source-over';
  strokeStyle: unknown = '#000000';
  fillStyle: unknown = '#000000';
  lineWidth = 1;
  lineCap = 'butt';
  lineJoin = 'miter';
  readonly strokes: Array<{ op: string; style: unknown; width: number; path: number[] }> = [];
  private path: number[] = [];
  beginPath(): void {
    this.path = [];
  }
  moveTo(x: number, y: number): void {
    this.path.push(x, y);
  }
  lineTo(x: number, y: number): void {
    this.path.push(x, y);
  }
  stroke(): void {
    this.strokes.push({ op: this.globalCompositeOperation, style: this.strokeStyle, width: this.lineWidth, path: this.path });
  }
  arc(x: number, y: number, radius: number): void {
    this.path.push(x, y, radius);
  }
  fill(): void {
    this.strokes.push({ op: this.globalCompositeOperation, style: this.fillStyle, width: 0, path: this.path });
  }
}

describe('drawSketch', () => {
  it('scales sketch units to pixels and erases with destination-out', () => {
    const ctx = new RecordingContext();
    const pen: Stroke = { tool: 'pen', colour: '#ff0000', width: 64, points: [0, 0, 100, 1024, 512, 100] };
    const eraser: Stroke = { tool: 'eraser', colour: '#00ff00', width: 32, points: [512, 512, 100] };
    drawSketch(ctx, [pen, eraser], 512, 256);
    expect(ctx.strokes).toEqual([
      { op: 'source-over', style: '#ff0000', width: 32, path: [0, 0, 512, 128] },
      { op: 'destination-out', style: '#000000', width: 0, path: [256, 128, 8] },
    ]);
    expect(ctx.globalCompositeOperation).toBe('source-over');
  });

  it('with an eraser paint, erasers paint it over a single canvas instead of clearing', () => {
    const ctx = new RecordingContext();
    drawSketch(ctx, [{ tool: 'eraser', colour: '#00ff00', width: 32, points: [0, 0, 100, 10, 10, 100] }], 1024, 1024, '#abcdef');
    expect(ctx.strokes).toEqual([{ op: 'source-over', style: '#abcdef', width: 32, path: [0, 0, 10, 10] }]);
  });

  it('splits a stroke where its pressure changes, joined at the change', () => {
    const ctx = new RecordingContext();
    drawSketch(ctx, [{ tool: 'pen', colour: '#000000', width: 100, points: [0, 0, 100, 10, 0, 100, 20, 0, 50, 30, 0, 50] }], 1024, 1024);
    expect(ctx.strokes.map((s) => [s.width, s.path])).toEqual([
      [100, [0, 0, 10, 0, 20, 0]],
      [50, [20, 0, 30, 0]],
    ]);
  });
});
