/**
 * The shared sketch layer of a room document: what a stroke is, how big it may be, and how to read one that came
 * from an untrusted client. The server refuses an update whose resulting strokes break these rules (close code
 * 4450) and the renderer skips any stroke that still does; the web app draws with the same rules.
 *
 * Layout in the `Y.Doc` (docs/PROTOCOL.md, "The sketch layer"):
 * - `doc.getArray('sketch')`: strokes in drawing order, each a `Y.Map` with
 *   `tool` (`'pen'` | `'eraser'`), `colour` (`#rrggbb`), `width` (sketch units), optional `author` (a display
 *   name) and `points`, a nested `Y.Array<number>` of flat `x, y, pressure` triples appended while the pointer
 *   moves, so others see the stroke as it is drawn.
 * - `doc.getMap('canvas')`: `background` (`#rrggbb`, the colour under the strokes) and `image` (the starting
 *   picture's encoded bytes, a `Uint8Array`).
 */

/** The Y.Array of strokes: `doc.getArray(SKETCH_ARRAY_NAME)`. */
export const SKETCH_ARRAY_NAME = 'sketch';
/** The Y.Map of canvas settings (background colour, starting image): `doc.getMap(CANVAS_MAP_NAME)`. */
export const CANVAS_MAP_NAME = 'canvas';

/**
 * The sketch's coordinate space: x and y run from 0 to this on both axes whatever the frame's size (x maps to
 * the frame's width, y to its height), so a sketch survives a size change. Whole numbers are recommended: Yjs
 * writes an integer in 1-3 bytes and a fraction in 9.
 */
export const SKETCH_UNITS = 1024;
/** Pressure runs from 0 to this (percent of the stroke's width). A device without pressure sends 100. */
export const MAX_PRESSURE = 100;
/** Pressures below this draw at this fraction of the width, so a light touch still leaves a line. */
export const MIN_PRESSURE_DRAWN = 10;
/** Numbers per point in a stroke's `points`: x, y, pressure. */
export const POINT_STRIDE = 3;
/** Longest `author` display name, in UTF-16 units. */
export const MAX_AUTHOR_CHARS = 64;

/** `#rrggbb`, either case. */
export const COLOUR_PATTERN = /^#[0-9a-fA-F]{6}$/;
/** The background under the strokes when the room has not chosen one. */
export const DEFAULT_BACKGROUND = '#ffffff';

/** What a stroke does: paint its colour, or take earlier strokes away (showing the background again). */
export type StrokeTool = 'pen' | 'eraser';
export const STROKE_TOOLS: ReadonlySet<string> = new Set<StrokeTool>(['pen', 'eraser']);

/** One stroke, read and checked. */
export interface Stroke {
  tool: StrokeTool;
  /** `#rrggbb`; an eraser's colour is kept but not drawn. */
  colour: string;
  /** Brush diameter in sketch units (1024 = the frame's width), at full pressure. */
  width: number;
  /** Display name of whoever drew it, if given. */
  author?: string;
  /** Flat `x, y, pressure` triples: x, y in [0, 1024], pressure in [0, 100]. */
  points: readonly number[];
}

/** The bounds a stroke and a sketch must keep. The server's values are options (docs/SECURITY.md). */
export interface SketchLimits {
  /** Most points (triples) in one stroke. */
  maxStrokePoints: number;
  /** Most strokes in a room's sketch. */
  maxStrokes: number;
  /** Widest brush, in sketch units. */
  maxStrokeWidth: number;
}

export const DEFAULT_SKETCH_LIMITS: Readonly<SketchLimits> = Object.freeze({
  maxStrokePoints: 5000,
  maxStrokes: 2000,
  maxStrokeWidth: 256,
});

/** A stroke read from untrusted JSON (`strokeMap.toJSON()`), or what is wrong with it. */
export type StrokeCheck = { ok: true; stroke: Stroke } | { ok: false; detail: string };

const STROKE_KEYS: ReadonlySet<string> = new Set(['tool', 'colour', 'width', 'author', 'points']);

/**
 * Checks one stroke as a client wrote it (the JSON of its `Y.Map`): known keys only, a known tool, a `#rrggbb`
 * colour, a width in (0, maxStrokeWidth], at most maxStrokePoints whole triples of finite numbers in range.
 * Never throws.
 */
export function checkStroke(raw: unknown, limits: SketchLimits): StrokeCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('a stroke is a map');
  const entries = raw as Record<string, unknown>;
  const unknownKey = Object.keys(entries).find((key) => !STROKE_KEYS.has(key));
  if (unknownKey !== undefined) return fail(`unknown stroke key ${JSON.stringify(unknownKey.slice(0, 32))}`);
  const { tool, colour, width, author, points } = entries;
  if (typeof tool !== 'string' || !STROKE_TOOLS.has(tool)) return fail('tool must be "pen" or "eraser"');
  if (typeof colour !== 'string' || !COLOUR_PATTERN.test(colour)) return fail('colour must be #rrggbb');
  if (typeof width !== 'number' || !(width > 0 && width <= limits.maxStrokeWidth)) {
    return fail(`width must be a number in (0, ${limits.maxStrokeWidth}]`);
  }
  if (author !== undefined && (typeof author !== 'string' || author.length > MAX_AUTHOR_CHARS)) {
    return fail(`author must be a string of at most ${MAX_AUTHOR_CHARS} characters`);
  }
  const pointsCheck = checkPoints(points, limits.maxStrokePoints);
  if (pointsCheck !== undefined) return fail(pointsCheck);
  const stroke: Stroke = { tool: tool as StrokeTool, colour, width, points: points as number[] };
  if (author !== undefined) stroke.author = author as string;
  return { ok: true, stroke };
}

function checkPoints(points: unknown, maxPoints: number): string | undefined {
  if (!Array.isArray(points)) return 'points must be an array of numbers';
  if (points.length % POINT_STRIDE !== 0) return `points must be whole x, y, pressure triples (found ${points.length} numbers)`;
  if (points.length / POINT_STRIDE > maxPoints) return `${points.length / POINT_STRIDE} points in one stroke, limit ${maxPoints}`;
  for (let i = 0; i < points.length; i++) {
    const value: unknown = points[i];
    const max = i % POINT_STRIDE === 2 ? MAX_PRESSURE : SKETCH_UNITS;
    if (typeof value !== 'number' || !(value >= 0 && value <= max)) return `point value ${String(value)} is not a number in [0, ${max}]`;
  }
  return undefined;
}

/** The canvas background colour from its raw value: a `#rrggbb` string, else the default. */
export function readBackground(raw: unknown): string {
  return typeof raw === 'string' && COLOUR_PATTERN.test(raw) ? raw : DEFAULT_BACKGROUND;
}

function fail(detail: string): StrokeCheck {
  return { ok: false, detail };
}
