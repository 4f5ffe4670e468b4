/**
 * Judges what an update would do to a room's sketch and canvas before the room applies it. A stroke's points
 * arrive as appends whose parent is only implied (a Yjs item names its left neighbour, not its array), so
 * reading the bytes alone cannot tell which stroke grows. Instead the guard keeps a probe: a copy of the room's
 * document that receives every admitted update first. After an update lands in the probe, the strokes it
 * touched (from the transaction's changed types) are read and checked against the sketch rules
 * (`checkStroke`), the stroke count against its limit and the canvas map's background and image against
 * theirs. A refused update has already changed the probe, so the probe is rebuilt from the room's document
 * (O(document), once per refusal, and a refusal closes the offender's connection).
 *
 * The probe exists only for rooms whose document has, or an update starts, a sketch or canvas: a sketch that
 * was never started can only be started by an item naming the `sketch` or `canvas` root, which the update's
 * summary lists, so rooms that only ever edit their prompt pay nothing.
 *
 * Ordering hazard: the room must apply every update this guard admitted, in the same order (MessageGate
 * admits, the connection applies synchronously right after).
 */
import { CANVAS_MAP_NAME, SKETCH_ARRAY_NAME, checkStroke, COLOUR_PATTERN, type SketchLimits } from '@promptjam/protocol';
import * as Y from 'yjs';
import type { Limits } from './limits.js';
import { checkStartingImage } from './startingImage.js';
import type { UpdateSummary } from './updateSummary.js';

/** The limits the canvas check enforces. */
export type CanvasLimits = SketchLimits & Pick<Limits, 'maxImageBytes' | 'maxImageSidePx'>;

/** The verdict on one update's effect on the sketch and canvas. */
export type CanvasCheck = { ok: true } | { ok: false; reason: 'sketch-refused' | 'image-refused'; detail: string };

/** A shared type as Yjs lists them in `transaction.changed`. */
type SharedType = Y.Transaction['changed'] extends Map<infer T, unknown> ? T : never;

const OK: CanvasCheck = { ok: true };
const CANVAS_ROOTS: ReadonlySet<string> = new Set([SKETCH_ARRAY_NAME, CANVAS_MAP_NAME]);
const CANVAS_KEYS: ReadonlySet<string> = new Set(['background', 'image']);

export class CanvasGuard {
  private probe: Y.Doc | undefined;

  constructor(
    private readonly doc: Y.Doc,
    private readonly limits: CanvasLimits,
  ) {
    if (hasCanvasContent(doc)) this.probe = copyOf(doc);
  }

  /** Whether the guard keeps a probe copy of the document (the room has or is starting a sketch or canvas). */
  get probing(): boolean {
    return this.probe !== undefined;
  }

  /**
   * Decides whether `update` (structure-checked, summarised in `summary`) leaves the sketch and canvas valid.
   * On success the probe has taken the update and the caller must apply it to the room's document.
   */
  admit(update: Uint8Array, summary: UpdateSummary): CanvasCheck {
    if (this.probe === undefined) {
      if (!summary.rootTypes.some((root) => CANVAS_ROOTS.has(root))) return OK;
      this.probe = copyOf(this.doc);
    }
    const probe = this.probe;
    let verdict: CanvasCheck = OK;
    const judge = (transaction: Y.Transaction): void => {
      try {
        verdict = this.judge(probe, transaction);
      } catch (error) {
        verdict = refuseSketch(`the sketch cannot be read: ${(error as Error).message}`);
      }
    };
    probe.once('afterTransaction', judge);
    try {
      Y.applyUpdate(probe, update);
    } catch (error) {
      verdict = { ok: false, reason: 'sketch-refused', detail: `update failed to apply: ${(error as Error).message}` };
    }
    probe.off('afterTransaction', judge);
    if (!verdict.ok) this.probe = copyOf(this.doc);
    return verdict;
  }

  private judge(probe: Y.Doc, transaction: Y.Transaction): CanvasCheck {
    const sketch = probe.getArray(SKETCH_ARRAY_NAME);
    const canvas = probe.getMap(CANVAS_MAP_NAME);
    const sketchType = sketch as unknown as SharedType;
    const canvasType = canvas as unknown as SharedType;
    const strokes = new Set<SharedType>();
    for (const type of transaction.changed.keys()) {
      if (type === canvasType) {
        const check = this.checkCanvas(canvas);
        if (!check.ok) return check;
      } else if (type === sketchType) {
        if (sketch.length > this.limits.maxStrokes) return refuseSketch(`${sketch.length} strokes, limit ${this.limits.maxStrokes}`);
        for (const stroke of newChildren(sketch, transaction)) strokes.add(stroke);
      } else {
        const stroke = strokeOf(type, sketchType, canvasType);
        if (stroke === 'canvas') return { ok: false, reason: 'image-refused', detail: 'the canvas map holds only a background and an image' };
        if (stroke !== undefined) strokes.add(stroke);
      }
    }
    for (const stroke of strokes) {
      if (!(stroke instanceof Y.Map)) return refuseSketch('a stroke is a Y.Map');
      const check = checkStroke(stroke.toJSON(), this.limits);
      if (!check.ok) return refuseSketch(check.detail);
    }
    return OK;
  }

  private checkCanvas(canvas: Y.Map<unknown>): CanvasCheck {
    for (const [key, value] of canvas.entries()) {
      if (!CANVAS_KEYS.has(key)) return { ok: false, reason: 'image-refused', detail: `unknown canvas key ${JSON.stringify(key.slice(0, 32))}` };
      if (key === 'background' && (typeof value !== 'string' || !COLOUR_PATTERN.test(value))) {
        return { ok: false, reason: 'image-refused', detail: 'the canvas background must be #rrggbb' };
      }
      if (key === 'image') {
        const problem = checkStartingImage(value, this.limits);
        if (problem !== undefined) return { ok: false, reason: 'image-refused', detail: problem };
      }
    }
    return OK;
  }
}

/** The root-level content the transaction created in `array` (new strokes, or whatever a client pushed). */
function newChildren(array: Y.Array<unknown>, transaction: Y.Transaction): SharedType[] {
  const created: SharedType[] = [];
  for (let item = array._start; item !== null; item = item.right) {
    if (item.deleted || item.id.clock < (transaction.beforeState.get(item.id.client) ?? 0)) continue;
    // A plain value in the stroke list is refused below, as a stroke that is not a Y.Map.
    if (!(item.content instanceof Y.ContentType)) return [array as unknown as SharedType];
    created.push(item.content.type);
  }
  return created;
}

/**
 * The stroke (a direct child of the sketch array) that `type` belongs to; `'canvas'` for a type nested inside the
 * canvas map (never valid); undefined for types outside both (the prompt, params).
 */
function strokeOf(type: SharedType, sketch: SharedType, canvas: SharedType): SharedType | 'canvas' | undefined {
  let current = type;
  for (let parent = current._item?.parent; parent instanceof Y.AbstractType; parent = current._item?.parent) {
    if (parent === sketch) return current;
    if (parent === canvas) return 'canvas';
    current = parent;
  }
  return undefined;
}

function hasCanvasContent(doc: Y.Doc): boolean {
  return [...CANVAS_ROOTS].some((name) => {
    const type = doc.share.get(name);
    return type !== undefined && (type._start !== null || type._map.size > 0);
  });
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: doc.gc });
  // Typed before anything arrives: a root first read inside a transaction observer would be a new instance,
  // not the one the transaction lists as changed.
  copy.getArray(SKETCH_ARRAY_NAME);
  copy.getMap(CANVAS_MAP_NAME);
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function refuseSketch(detail: string): CanvasCheck {
  return { ok: false, reason: 'sketch-refused', detail };
}
