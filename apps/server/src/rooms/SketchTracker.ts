import { createHash, type Hash } from 'node:crypto';
import {
  CANVAS_MAP_NAME,
  MAX_PRESSURE,
  POINT_STRIDE,
  SKETCH_ARRAY_NAME,
  SKETCH_UNITS,
  checkStroke,
  readBackground,
  type SketchLimits,
  type Stroke,
} from '@promptjam/protocol';
import * as Y from 'yjs';
import type { CanvasChange, StrokeAppend } from '../render/canvasChange.js';

/** The next change for the rasteriser, with what the canvas then shows. */
export interface TrackedChange {
  change: CanvasChange;
  /** Identifies the content once `change` is drawn: equal digests draw equal pictures (frame metadata's `img2img.canvas`). */
  digest: string;
  /** Strokes drawn. */
  strokes: number;
}

/** One item of the sketch array as last sent: drawn (valid, within `maxStrokes`) or skipped. */
interface SentItem {
  item: unknown;
  /** Index among the drawn strokes, or -1 when skipped. */
  drawn: number;
  /** Numbers of `points` sent. */
  sentNumbers: number;
  /** Running SHA-1 of the stroke's settings and the points sent. */
  hash: Hash;
  digest: Buffer;
}

/**
 * Follows a room's sketch and canvas and works out what the rasteriser must draw next: a `full` change the
 * first time and after anything but appends, else an `append` of the points and strokes added since the last
 * change. Appends are recognised from the events Yjs gives the observers (an insert at the end of the sketch
 * array or of a stroke's `points`; anything else, such as a delete from undo, erase or clear, or a stroke's
 * settings changing, asks for a full change), so reading a change costs the new points, not the whole sketch.
 *
 * Invalid strokes are skipped and strokes past `maxStrokes` are not drawn: the gate keeps invalid strokes out
 * (CanvasGuard), but documents stored by an older server, or limits lowered since, may still hold some, and a
 * bad stroke must never fail a render. New points that break the rules ask for a full change, which skips their
 * stroke.
 */
export class SketchTracker {
  private readonly sketch: Y.Array<unknown>;
  private readonly canvas: Y.Map<unknown>;
  private sent: SentItem[] = [];
  private drawnCount = 0;
  private needsFull = true;
  private sentBackground = '';
  private sentImage: Uint8Array | undefined;
  private sentSize = '';
  private imageDigest = Buffer.alloc(0);

  constructor(
    doc: Y.Doc,
    private readonly limits: SketchLimits,
  ) {
    this.sketch = doc.getArray(SKETCH_ARRAY_NAME);
    this.canvas = doc.getMap(CANVAS_MAP_NAME);
    this.sketch.observeDeep(this.onSketchEvents);
  }

  /** Whether the room has a canvas at all (strokes, a background or an image); without one it renders text-to-image. */
  get hasCanvas(): boolean {
    return this.sketch.length > 0 || this.canvas.has('image') || this.canvas.has('background');
  }

  /** The next change to draw at `width` x `height`, or undefined when nothing changed since the last one. */
  next(width: number, height: number): TrackedChange | undefined {
    const background = readBackground(this.canvas.get('background'));
    const rawImage = this.canvas.get('image');
    const image = rawImage instanceof Uint8Array && rawImage.length > 0 ? rawImage : undefined;
    const size = `${width}x${height}`;
    if (this.needsFull || background !== this.sentBackground || image !== this.sentImage || size !== this.sentSize) {
      this.sentBackground = background;
      this.sentImage = image;
      this.sentSize = size;
      this.imageDigest = createHash('sha1').update(image ?? new Uint8Array()).digest();
      return this.full(background, image);
    }
    return this.appended();
  }

  /** The last change was not drawn (the rasteriser failed or had no picture to append to): the next one is full. */
  resend(): void {
    this.needsFull = true;
  }

  close(): void {
    this.sketch.unobserveDeep(this.onSketchEvents);
  }

  private full(background: string, image: Uint8Array | undefined): TrackedChange {
    this.needsFull = false;
    this.sent = [];
    this.drawnCount = 0;
    const strokes: Stroke[] = [];
    for (const item of this.sketch) {
      const stroke = this.take(item);
      if (stroke !== undefined) strokes.push(stroke);
    }
    const change: CanvasChange = { kind: 'full', strokes, background };
    if (image !== undefined) change.image = image;
    return { change, digest: this.digest(), strokes: strokes.length };
  }

  private appended(): TrackedChange | undefined {
    const items = this.sketch.toArray();
    const appends: StrokeAppend[] = [];
    for (const [index, sent] of this.sent.entries()) {
      if (items[index] !== sent.item) return this.fullAgain();
      if (sent.drawn < 0) continue;
      const points = (sent.item as Y.Map<unknown>).get('points');
      if (!(points instanceof Y.Array) || points.length === sent.sentNumbers) continue;
      const added = points.slice(sent.sentNumbers);
      if (points.length > this.limits.maxStrokePoints * POINT_STRIDE || !validPoints(added, sent.sentNumbers)) return this.fullAgain();
      sent.sentNumbers = points.length;
      sent.digest = sent.hash.update(new Float64Array(added as number[])).copy().digest();
      appends.push({ stroke: sent.drawn, points: added as number[] });
    }
    const added: Stroke[] = [];
    for (const item of items.slice(this.sent.length)) {
      const stroke = this.take(item);
      if (stroke !== undefined) added.push(stroke);
    }
    if (appends.length === 0 && added.length === 0) return undefined;
    return { change: { kind: 'append', appends, added }, digest: this.digest(), strokes: this.drawnCount };
  }

  private fullAgain(): TrackedChange {
    return this.full(this.sentBackground, this.sentImage);
  }

  /**
   * Records the next sketch item as sent and returns it as a stroke to draw, or undefined when it is invalid or
   * past `maxStrokes` (skipped).
   */
  private take(item: unknown): Stroke | undefined {
    let stroke: Stroke | undefined;
    if (this.drawnCount < this.limits.maxStrokes && item instanceof Y.Map) {
      const check = checkStroke(item.toJSON(), this.limits);
      if (check.ok) stroke = check.stroke;
    }
    const hash = createHash('sha1');
    if (stroke !== undefined) hash.update(`|${stroke.tool}${stroke.colour}${stroke.width}:`).update(new Float64Array(stroke.points));
    const drawn = stroke === undefined ? -1 : this.drawnCount++;
    this.sent.push({ item, drawn, sentNumbers: stroke?.points.length ?? 0, hash, digest: hash.copy().digest() });
    return stroke;
  }

  /** A SHA-1 of the background, the image and every drawn stroke's own SHA-1. */
  private digest(): string {
    const hash = createHash('sha1').update(this.sentBackground).update(this.imageDigest);
    for (const sent of this.sent) if (sent.drawn >= 0) hash.update(sent.digest);
    return hash.digest('hex').slice(0, 16);
  }

  private readonly onSketchEvents = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
    if (this.needsFull) return;
    for (const event of events) {
      if (!(event.target instanceof Y.Array) || !isAppendAtEnd(event)) {
        this.needsFull = true;
        return;
      }
    }
  };
}

/** Whether an array event only inserted at the end (no deletes, nothing kept after an insert). */
function isAppendAtEnd(event: Y.YEvent<Y.AbstractType<unknown>>): boolean {
  const { delta } = event.changes;
  for (const [i, op] of delta.entries()) {
    if (op.delete !== undefined) return false;
    if (op.retain !== undefined && i > 0) return false;
  }
  return true;
}

/** Whether appended numbers (starting at flat index `offset` of the stroke) are in range as `checkStroke` requires. */
function validPoints(values: readonly unknown[], offset: number): boolean {
  for (const [i, value] of values.entries()) {
    const max = (offset + i) % POINT_STRIDE === 2 ? MAX_PRESSURE : SKETCH_UNITS;
    if (typeof value !== 'number' || !(value >= 0 && value <= max)) return false;
  }
  return true;
}
