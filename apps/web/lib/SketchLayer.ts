import {
  CANVAS_MAP_NAME,
  DEFAULT_SKETCH_LIMITS,
  MAX_PRESSURE,
  SKETCH_ARRAY_NAME,
  SKETCH_UNITS,
  checkStroke,
  readBackground,
  type Stroke,
  type StrokeTool,
} from '@promptjam/protocol';
import * as Y from 'yjs';

/**
 * Point batches are pushed at most this often, in ms. The server allows 50 messages a second per connection
 * (docs/SECURITY.md) and pointer events come at the display's rate (60-120 Hz), so a drawing client batches:
 * about 30 pushes a second leaves room for presence and typing. The drawer sees every point at once.
 */
export const POINT_FLUSH_MS = 33;

/** A point in sketch units (0-1024 on both axes) with pressure 0-100. */
export interface SketchPoint {
  x: number;
  y: number;
  pressure: number;
}

/** How a new stroke looks. */
export interface Brush {
  tool: StrokeTool;
  colour: string;
  /** Diameter in sketch units. */
  width: number;
}

/**
 * This person's side of the room's shared sketch (docs/PROTOCOL.md, "The sketch layer"): strokes are created
 * and grown in the Yjs document, so everyone sees them being drawn; undo and redo cover only this person's
 * edits (a `Y.UndoManager` tracking this layer's own transaction origin); "clear" is one transaction, so one
 * undo brings every stroke back. Free of any UI framework; the canvas component draws `strokes()`.
 */
export class SketchLayer {
  readonly sketch: Y.Array<Y.Map<unknown>>;
  readonly canvas: Y.Map<unknown>;
  readonly undoManager: Y.UndoManager;
  /** Transaction origin of this person's sketch edits (what the undo manager tracks). */
  private readonly origin = Symbol('sketch');
  private current: { points: Y.Array<number>; count: number; brush: Brush; author: string } | null = null;
  private pending: number[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushMs = -Infinity;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly maxStrokePoints: number = DEFAULT_SKETCH_LIMITS.maxStrokePoints,
  ) {
    this.sketch = doc.getArray(SKETCH_ARRAY_NAME);
    this.canvas = doc.getMap(CANVAS_MAP_NAME);
    this.undoManager = new Y.UndoManager([this.sketch, this.canvas], { trackedOrigins: new Set([this.origin]) });
    this.sketch.observeDeep(this.changed);
    this.canvas.observe(this.changed);
  }

  /** Calls `listener` after every change to the strokes, background or image (anyone's); returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every valid stroke in drawing order, including this person's points not yet sent. Invalid strokes are skipped. */
  strokes(): Stroke[] {
    const strokes: Stroke[] = [];
    for (const map of this.sketch) {
      if (!(map instanceof Y.Map)) continue;
      const check = checkStroke(map.toJSON(), { ...DEFAULT_SKETCH_LIMITS, maxStrokePoints: Infinity, maxStrokeWidth: SKETCH_UNITS });
      if (!check.ok) continue;
      const own = this.current !== null && map.get('points') === this.current.points;
      strokes.push(own && this.pending.length > 0 ? { ...check.stroke, points: [...check.stroke.points, ...this.pending] } : check.stroke);
    }
    return strokes;
  }

  /** The background colour under the strokes. */
  get background(): string {
    return readBackground(this.canvas.get('background'));
  }

  /** The starting image's bytes, if the room has one. */
  get image(): Uint8Array | undefined {
    const image = this.canvas.get('image');
    return image instanceof Uint8Array ? image : undefined;
  }

  /** Whether anything (strokes, background or image) would make the room render img2img. */
  get hasContent(): boolean {
    return this.sketch.length > 0 || this.canvas.size > 0;
  }

  /**
   * Starts a stroke at `point`; a stroke in progress is finished first. `under` is the picture the person draws
   * on (the room's current frame, encoded as the server accepts a starting image): when the canvas is still empty,
   * it becomes the starting image in the same transaction as the stroke (one undo step takes both away), so the
   * first stroke changes the picture by that stroke rather than replacing it with the default white background.
   */
  begin(brush: Brush, author: string, point: SketchPoint, under?: Uint8Array): void {
    this.end();
    // Each stroke is its own undo step, however quickly the next one follows.
    this.undoManager.stopCapturing();
    const points = new Y.Array<number>();
    points.push(encodePoint(point));
    const stroke = new Y.Map<unknown>();
    stroke.set('tool', brush.tool);
    stroke.set('colour', brush.colour);
    stroke.set('width', brush.width);
    if (author !== '') stroke.set('author', author.slice(0, 64));
    stroke.set('points', points);
    const adopt = under !== undefined && !this.hasContent;
    this.doc.transact(() => {
      if (adopt) this.canvas.set('image', under);
      this.sketch.push([stroke]);
    }, this.origin);
    this.current = { points, count: 1, brush, author };
  }

  /** Adds a point to the stroke in progress (pushed in batches; see {@link POINT_FLUSH_MS}). */
  extend(point: SketchPoint): void {
    const current = this.current;
    if (current === null) return;
    if (current.count >= this.maxStrokePoints) {
      // The server's per-stroke limit: carry on as a new stroke from here, which looks the same.
      this.begin(current.brush, current.author, point);
      return;
    }
    current.count++;
    this.pending.push(...encodePoint(point));
    this.notify();
    const since = performance.now() - this.lastFlushMs;
    if (since >= POINT_FLUSH_MS) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), POINT_FLUSH_MS - since);
  }

  /** Finishes the stroke in progress, sending its last points. */
  end(): void {
    this.flush();
    this.current = null;
  }

  /** Deletes every stroke (anyone's) in one undoable step. */
  clear(): void {
    this.end();
    this.undoManager.stopCapturing();
    this.doc.transact(() => this.sketch.delete(0, this.sketch.length), this.origin);
  }

  /** Sets the background colour (`#rrggbb`), undoably. */
  fill(colour: string): void {
    this.end();
    this.undoManager.stopCapturing();
    this.doc.transact(() => this.canvas.set('background', colour), this.origin);
  }

  /** Sets (or with null removes) the starting image, undoably. */
  setImage(bytes: Uint8Array | null): void {
    this.end();
    this.undoManager.stopCapturing();
    this.doc.transact(() => {
      if (bytes === null) this.canvas.delete('image');
      else this.canvas.set('image', bytes);
    }, this.origin);
  }

  undo(): void {
    this.end();
    this.undoManager.undo();
  }

  redo(): void {
    this.end();
    this.undoManager.redo();
  }

  destroy(): void {
    clearTimeout(this.flushTimer);
    this.sketch.unobserveDeep(this.changed);
    this.canvas.unobserve(this.changed);
    this.undoManager.destroy();
    this.listeners.clear();
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.current === null || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.lastFlushMs = performance.now();
    const points = this.current.points;
    this.doc.transact(() => points.push(batch), this.origin);
  }

  private readonly changed = (): void => this.notify();

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/** A point as the document stores it: whole sketch units, clamped to the canvas, and whole pressure percent. */
export function encodePoint({ x, y, pressure }: SketchPoint): [number, number, number] {
  const clamp = (value: number, max: number): number => Math.min(max, Math.max(0, Math.round(Number.isFinite(value) ? value : 0)));
  return [clamp(x, SKETCH_UNITS), clamp(y, SKETCH_UNITS), clamp(pressure, MAX_PRESSURE)];
}
