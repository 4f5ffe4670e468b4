/**
 * The body of `POST /rooms/<id>/controls`, read from untrusted JSON into one named change (docs/PROTOCOL.md, host
 * endpoints). Exactly one action key per request, plus an optional `by` (the host's display name for the log).
 */
import { MAX_HOST_NAME_CHARS, isClearableField, isLockableField, type ClearableField, type LockableField } from '@promptjam/protocol';

/** One change a host asks for. `clientId` is a person's awareness client id, as their presence shows it. */
export type HostChange =
  | { action: 'lock' | 'unlock'; field: LockableField }
  | { action: 'viewer-only'; on: boolean }
  | { action: 'clear' | 'undo-clear'; field: ClearableField }
  | { action: 'remove' | 'promote' | 'demote'; clientId: number };

/** The request keys and what each takes. */
const ACTION_KEYS = ['lock', 'unlock', 'viewerOnly', 'clear', 'undoClear', 'remove', 'promote', 'demote'] as const;

/** A change and who asked for it, or what is wrong with the body. */
export type HostRequest = { change: HostChange; by: string } | { error: string };

/** Reads a controls request body. */
export function readHostRequest(body: Record<string, unknown>): HostRequest {
  const keys = ACTION_KEYS.filter((key) => key in body);
  if (keys.length !== 1) return { error: `expected exactly one of ${ACTION_KEYS.map((k) => `"${k}"`).join(', ')}` };
  const by = body.by ?? '';
  if (typeof by !== 'string' || by.length > MAX_HOST_NAME_CHARS) return { error: `by must be a name of at most ${MAX_HOST_NAME_CHARS} characters` };
  const change = readChange(keys[0]!, body[keys[0]!]);
  return 'error' in change ? change : { change, by: by.trim() };
}

function readChange(key: (typeof ACTION_KEYS)[number], value: unknown): HostChange | { error: string } {
  switch (key) {
    case 'lock':
    case 'unlock':
      if (!isLockableField(value)) return { error: `unknown field ${JSON.stringify(value)}: expected prompt, params or sketch` };
      return { action: key, field: value };
    case 'viewerOnly':
      if (typeof value !== 'boolean') return { error: 'viewerOnly must be true or false' };
      return { action: 'viewer-only', on: value };
    case 'clear':
    case 'undoClear':
      if (!isClearableField(value)) return { error: `cannot clear ${JSON.stringify(value)}: expected prompt or sketch` };
      return { action: key === 'clear' ? 'clear' : 'undo-clear', field: value };
    case 'remove':
    case 'promote':
    case 'demote':
      // Awareness client ids are Yjs client ids: unsigned 32-bit integers.
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
        return { error: `${key} takes a person's client id (an unsigned 32-bit integer)` };
      }
      return { action: key, clientId: value };
  }
}
