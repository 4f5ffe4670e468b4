/**
 * Writes to the room's `controls` map (packages/protocol `roomControls.ts`): a change and its log entry in one
 * server transaction, so every client sees both at once and the log stays bounded.
 */
import { CONTROLS_MAP_NAME, HOST_LOG_KEY, MAX_HOST_LOG_ENTRIES, MAX_HOST_NAME_CHARS, readRoomControls, type HostAction } from '@promptjam/protocol';
import * as Y from 'yjs';

/** Transaction origin of the server's writes to the controls map. */
export const HOST_CONTROLS_ORIGIN = Symbol('host-controls');

/**
 * Applies `change` (if any) and appends `entry` to the log, in one transaction with `origin`; the oldest entries
 * beyond {@link MAX_HOST_LOG_ENTRIES} are dropped.
 */
export function recordHostAction(
  doc: Y.Doc,
  entry: HostAction,
  change?: (controls: Y.Map<unknown>) => void,
  origin: unknown = HOST_CONTROLS_ORIGIN,
): void {
  const controls = doc.getMap(CONTROLS_MAP_NAME);
  const log = readRoomControls(controls.toJSON()).log;
  Y.transact(
    doc,
    () => {
      change?.(controls);
      controls.set(HOST_LOG_KEY, [...log, entry].slice(-MAX_HOST_LOG_ENTRIES));
    },
    origin,
  );
}

/**
 * A display name fit for the log: control characters removed, trimmed, at most {@link MAX_HOST_NAME_CHARS}.
 * Presence comes from clients, so a name read from it is cleaned here.
 */
export function logName(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const printable = Array.from(raw).filter((char) => char >= ' ' && char !== '\u007f').join('');
  return Array.from(printable.trim()).slice(0, MAX_HOST_NAME_CHARS).join('');
}
