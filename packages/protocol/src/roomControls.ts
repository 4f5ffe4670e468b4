/**
 * The room's host controls, kept in the room document so every client sees them: `doc.getMap(CONTROLS_MAP_NAME)`.
 * Only the server writes this map (a client update that touches it is refused like any unknown root), on a host's
 * request (`POST /rooms/<id>/controls`, docs/PROTOCOL.md). Values are plain JSON; readers validate them, since a
 * document may come from an older or newer server.
 */

import { OWNER_SINCE_KEY, REVOKED_HOST_LINKS_KEY } from './hostRoles.js';
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

/**
 * Key of a number: epoch seconds from which host links are valid. Set when the room's first host link is issued,
 * and moved forward when a host revokes every other host link (`POST /rooms/<id>/host` with `rotate`).
 */
export const HOST_SINCE_KEY = 'hostSince';
/** Key of `string[]`: the locked fields. */
export const LOCKED_FIELDS_KEY = 'locked';
/** Key of a boolean: while true, only hosts may edit anything (everyone else watches, with presence). */
export const VIEWER_ONLY_KEY = 'viewerOnly';
/** Key of {@link HostAction}`[]`: the newest host actions, oldest first. */
export const HOST_LOG_KEY = 'log';
/** Host actions kept in the document. */
export const MAX_HOST_LOG_ENTRIES = 20;
/** Longest display name recorded with a host action (the host's or the person acted on), in characters. */
export const MAX_HOST_NAME_CHARS = 40;

/** Fields a host can clear for everyone (undoably): the prompt's text, or every stroke of the sketch. */
export const CLEARABLE_FIELDS = ['prompt', 'sketch'] as const;
export type ClearableField = (typeof CLEARABLE_FIELDS)[number];

/** What a host did. `field` comes with the lock and clear actions, `target` (a display name) with remove, promote and demote. */
export type HostActionKind = 'lock' | 'unlock' | 'viewer-only' | 'open' | 'clear' | 'undo-clear' | 'remove' | 'promote' | 'demote' | 'rotate';

/** One host action, as recorded: who did what, when. */
export interface HostAction {
  /** The host's display name as they gave it (at most {@link MAX_HOST_NAME_CHARS}). */
  by: string;
  action: HostActionKind;
  /** The field locked, unlocked, cleared or restored. */
  field?: LockableField;
  /** The display name of the person removed, promoted or demoted (at most {@link MAX_HOST_NAME_CHARS}). */
  target?: string;
  /** Server epoch ms. */
  at: number;
}

/** The controls as a client reads them. */
export interface RoomControls {
  locked: ReadonlySet<LockableField>;
  /** Only hosts may edit. */
  viewerOnly: boolean;
  /** Epoch seconds from which host links are valid (0 for a room without a host). */
  hostSince: number;
  /** Epoch seconds from which owner links are valid (0 for a room claimed before owners existed). */
  ownerSince: number;
  /** Ids of co-host links the owner revoked. */
  revokedHosts: ReadonlySet<string>;
  log: readonly HostAction[];
}

/** Whether `value` names a lockable field. */
export function isLockableField(value: unknown): value is LockableField {
  return typeof value === 'string' && (LOCKABLE_FIELDS as readonly string[]).includes(value);
}

/** Whether `value` names a clearable field. */
export function isClearableField(value: unknown): value is ClearableField {
  return typeof value === 'string' && (CLEARABLE_FIELDS as readonly string[]).includes(value);
}

/** Reads the controls from the map's JSON (`map.toJSON()`), ignoring anything malformed. */
export function readRoomControls(json: Record<string, unknown>): RoomControls {
  const lockedRaw = json[LOCKED_FIELDS_KEY];
  const locked = new Set(Array.isArray(lockedRaw) ? lockedRaw.filter(isLockableField) : []);
  const logRaw = json[HOST_LOG_KEY];
  const log = Array.isArray(logRaw) ? logRaw.filter(isHostAction) : [];
  const seconds = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const revokedRaw = json[REVOKED_HOST_LINKS_KEY];
  const revokedHosts = new Set(Array.isArray(revokedRaw) ? revokedRaw.filter((id): id is string => typeof id === 'string') : []);
  return {
    locked,
    viewerOnly: json[VIEWER_ONLY_KEY] === true,
    hostSince: seconds(json[HOST_SINCE_KEY]),
    ownerSince: seconds(json[OWNER_SINCE_KEY]),
    revokedHosts,
    log,
  };
}

const FIELD_ACTIONS: ReadonlySet<string> = new Set(['lock', 'unlock', 'clear', 'undo-clear']);
const TARGET_ACTIONS: ReadonlySet<string> = new Set(['remove', 'promote', 'demote']);
const PLAIN_ACTIONS: ReadonlySet<string> = new Set(['viewer-only', 'open', 'rotate']);

function isHostAction(value: unknown): value is HostAction {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.by !== 'string' || typeof v.at !== 'number' || typeof v.action !== 'string') return false;
  if (FIELD_ACTIONS.has(v.action)) return isLockableField(v.field);
  if (TARGET_ACTIONS.has(v.action)) return typeof v.target === 'string';
  return PLAIN_ACTIONS.has(v.action);
}

/** A host action in words, e.g. "Ada locked the prompt", "Ada removed Bob". */
export function describeHostAction(entry: HostAction): string {
  const who = entry.by || 'The host';
  const field = entry.field === 'params' ? 'the parameters' : `the ${entry.field ?? 'room'}`;
  const target = entry.target || 'a guest';
  switch (entry.action) {
    case 'lock':
      return `${who} locked ${field}`;
    case 'unlock':
      return `${who} unlocked ${field}`;
    case 'clear':
      return `${who} cleared ${field}`;
    case 'undo-clear':
      return `${who} restored ${field}`;
    case 'viewer-only':
      return `${who} made the room view-only`;
    case 'open':
      return `${who} opened the room for editing`;
    case 'remove':
      return `${who} removed ${target}`;
    case 'promote':
      return `${who} made ${target} a co-host`;
    case 'demote':
      return `${who} took ${target}'s co-host link away`;
    case 'rotate':
      return `${who} revoked every other host link`;
  }
}
