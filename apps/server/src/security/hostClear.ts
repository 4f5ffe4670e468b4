/**
 * A host clearing the prompt or the sketch for everyone, undoably (docs/SECURITY.md, host links). The server makes
 * the deletion itself, in one transaction with its own origin, tracked by a `Y.UndoManager` per room field, so an
 * undo restores exactly what the clear removed with Yjs' own semantics: text typed or strokes drawn after the clear
 * stay, and the restored content is relayed and stored like any edit.
 *
 * The undo history lives in memory with the loaded room: once the room unloads (or the server restarts) a clear can
 * no longer be undone, and the route answers 409.
 */
import { PROMPT_TEXT_NAME, SKETCH_ARRAY_NAME, type ClearableField } from '@promptjam/protocol';
import * as Y from 'yjs';

/** Transaction origin of a host's clear (what the undo managers track). */
const HOST_CLEAR_ORIGIN = Symbol('host-clear');

const undoManagers = new WeakMap<Y.Doc, Map<ClearableField, Y.UndoManager>>();

/** The shared type a clear empties: the prompt's text, or the sketch's array of strokes. */
function clearedType(doc: Y.Doc, field: ClearableField): Y.Text | Y.Array<unknown> {
  return field === 'prompt' ? doc.getText(PROMPT_TEXT_NAME) : doc.getArray(SKETCH_ARRAY_NAME);
}

function undoManagerOf(doc: Y.Doc, field: ClearableField): Y.UndoManager {
  let byField = undoManagers.get(doc);
  if (byField === undefined) {
    byField = new Map();
    undoManagers.set(doc, byField);
  }
  let manager = byField.get(field);
  if (manager === undefined) {
    // captureTimeout 0: every clear is its own undo step, however close together two clears come.
    manager = new Y.UndoManager(clearedType(doc, field), { trackedOrigins: new Set([HOST_CLEAR_ORIGIN]), captureTimeout: 0 });
    byField.set(field, manager);
  }
  return manager;
}

/**
 * Empties `field` in one transaction (running `alongside` in it, e.g. the log entry). Returns whether there was
 * anything to clear; an empty field is left alone and `alongside` does not run.
 */
export function clearField(doc: Y.Doc, field: ClearableField, alongside: () => void): boolean {
  const type = clearedType(doc, field);
  if (type.length === 0) return false;
  const manager = undoManagerOf(doc, field);
  manager.stopCapturing();
  Y.transact(
    doc,
    () => {
      type.delete(0, type.length);
      alongside();
    },
    HOST_CLEAR_ORIGIN,
  );
  return true;
}

/** Undoes the newest clear of `field` that is not undone yet; false when there is none (in this room's memory). */
export function undoClear(doc: Y.Doc, field: ClearableField): boolean {
  const manager = undoManagers.get(doc)?.get(field);
  if (manager === undefined || manager.undoStack.length === 0) return false;
  return manager.undo() !== null;
}
