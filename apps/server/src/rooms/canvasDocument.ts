import { createHash } from 'node:crypto';
import { CANVAS_MAP_NAME, SKETCH_ARRAY_NAME, checkStroke, readBackground, type SketchLimits, type Stroke } from '@promptjam/protocol';
import * as Y from 'yjs';
import type { CanvasInput } from '../render/renderTypes.js';

/**
 * Reads the room's canvas (its strokes, background and starting image) for rendering, or undefined when the
 * room has none of them, so it renders text-to-image. The gate keeps invalid strokes out (CanvasGuard), but
 * documents stored by an older server, or limits lowered since, may still hold some: a stroke that breaks the
 * rules is skipped and strokes beyond `maxStrokes` are not drawn, so a bad stroke never fails a render.
 */
export function readCanvasInput(doc: Y.Doc, limits: SketchLimits): CanvasInput | undefined {
  const strokes = readStrokes(doc, limits);
  const canvas = readCanvasMap(doc);
  const rawBackground = canvas.background;
  const image = canvas.image instanceof Uint8Array && canvas.image.length > 0 ? canvas.image : undefined;
  if (strokes.length === 0 && image === undefined && rawBackground === undefined) return undefined;
  const background = readBackground(rawBackground);
  return { strokes, background, image, digest: digestOf(strokes, background, image) };
}

function readStrokes(doc: Y.Doc, limits: SketchLimits): Stroke[] {
  const strokes: Stroke[] = [];
  let items: unknown[];
  try {
    items = doc.getArray<unknown>(SKETCH_ARRAY_NAME).toArray();
  } catch {
    return strokes; // the root was defined with another type: no sketch
  }
  for (const item of items) {
    if (strokes.length >= limits.maxStrokes) break;
    if (!(item instanceof Y.Map)) continue;
    const check = checkStroke(item.toJSON(), limits);
    if (check.ok && check.stroke.points.length > 0) strokes.push(check.stroke);
  }
  return strokes;
}

function readCanvasMap(doc: Y.Doc): Record<string, unknown> {
  try {
    const map = doc.getMap<unknown>(CANVAS_MAP_NAME);
    return { background: map.get('background'), image: map.get('image') };
  } catch {
    return {};
  }
}

/** A SHA-1 of what the canvas draws: equal digests rasterise to equal images. */
function digestOf(strokes: readonly Stroke[], background: string, image: Uint8Array | undefined): string {
  const hash = createHash('sha1');
  hash.update(background);
  hash.update(image ?? new Uint8Array());
  for (const stroke of strokes) {
    hash.update(`|${stroke.tool}${stroke.colour}${stroke.width}:`);
    hash.update(new Float64Array(stroke.points));
  }
  return hash.digest('hex').slice(0, 16);
}
