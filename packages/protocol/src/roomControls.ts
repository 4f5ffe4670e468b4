/**
 * The room's host controls, kept in the room document so every client sees them: `doc.getMap(CONTROLS_MAP_NAME)`.
 * Only the server writes this map (a client update that touches it is refused like any unknown root), on a host's
 * request (`POST /rooms/<id>/controls`, docs/PROTOCOL.md). Values are plain JSON; readers validate them, since a
 * document may come from an older or newer server.
 */

import { PARAMS_MAP_NAME, PROMPT_TEXT_NAME } from './params.js';
import { CANVAS_MAP_NAME, SKETCH_ARRAY_NAME } from './sketch.js';

/** The Y.Map holding the host controls. */
export const CONTROLS_MAP_NAME = 'controls';

/**
 * Document fields a host can lock. Locks are generic per document root: a new field plugs in by naming its roots
 * in {@link LOCKED_ROOTS}.
 */
export const LOCKABLE_FIELDS = ['prompt', 'params', 'sketch'] as const;
export type LockableField = (typeof LOCKABLE_FIELDS)[number];

/** The document roots each lockable field covers (the sketch: its strokes and its canvas settings). */
export const LOCKED_ROOTS: Readonly<Record<LockableField, readonly string[]>> = {
  prompt: [PROMPT_TEXT_NAME],
  params: [PARAMS_MAP_NAME],
  sketch: [SKETCH_ARRAY_NAME, CANVAS_MAP_NAME],
};

/** Key of a number: epoch seconds when the room's first host link was issued; host links issued before it are void. */
export const HOST_SINCE_KEY = 'hostSince';
/** Key of `string[]`: the locked fields. */
export const LOCKED_FIELDS_KEY = 'locked';
/** Key of {@link HostAction}`[]`: the newest host actions, oldest first. */
export const HOST_LOG_KEY = 'log';
/** Host actions kept in the document. */
export const MAX_HOST_LOG_ENTRIES = 20;
/** Longest display name recorded with a host action, in characters. */
export const MAX_HOST_NAME_CHARS = 40;

/** One host action, as recorded: who did what, when. */
export interface HostAction {
  /** The host's display name as they gave it (at most {@link MAX_HOST_NAME_CHARS}). */
  by: string;
  action: 'lock' | 'unlock';
  field: LockableField;
  /** Server epoch ms. */
  at: number;
}

/** The controls as a client reads them. */
export interface RoomControls {
  locked: ReadonlySet<LockableField>;
  log: readonly HostAction[];
}

/** Whether `value` names a lockable field. */
export function isLockableField(value: unknown): value is LockableField {
  return typeof value === 'string' && (LOCKABLE_FIELDS as readonly string[]).includes(value);
}

/** Reads the controls from the map's JSON (`map.toJSON()`), ignoring anything malformed. */
export function readRoomControls(json: Record<string, unknown>): RoomControls {
  const lockedRaw = json[LOCKED_FIELDS_KEY];
  const locked = new Set(Array.isArray(lockedRaw) ? lockedRaw.filter(isLockableField) : []);
  const logRaw = json[HOST_LOG_KEY];
  const log = Array.isArray(logRaw) ? logRaw.filter(isHostAction) : [];
  return { locked, log };
}

function isHostAction(value: unknown): value is HostAction {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.by === 'string' && (v.action === 'lock' || v.action === 'unlock') && isLockableField(v.field) && typeof v.at === 'number';
}

/** A host action in words, e.g. "Ada locked the prompt". */
export function describeHostAction(entry: HostAction): string {
  const field = entry.field === 'params' ? 'the parameters' : `the ${entry.field}`;
  return `${entry.by || 'The host'} ${entry.action === 'lock' ? 'locked' : 'unlocked'} ${field}`;
}
