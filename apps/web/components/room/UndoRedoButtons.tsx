'use client';

import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { Icon } from '@/components/Icon';

/** Props of {@link UndoRedoButtons}. */
export interface UndoRedoButtonsProps {
  /** This person's undo manager (tracking only their own edits), or null while the editor mounts. */
  undoManager: Y.UndoManager | null;
  /** Called after an undo or redo, e.g. to give the editor its focus back. */
  onDone: () => void;
}

/** Undo and redo buttons for this person's own prompt edits, enabled only when there is something to do. */
export function UndoRedoButtons({ undoManager, onDone }: UndoRedoButtonsProps) {
  const [depth, setDepth] = useState({ undo: 0, redo: 0 });

  useEffect(() => {
    if (undoManager === null) return;
    const refresh = (): void => setDepth({ undo: undoManager.undoStack.length, redo: undoManager.redoStack.length });
    refresh();
    undoManager.on('stack-item-added', refresh);
    undoManager.on('stack-item-popped', refresh);
    undoManager.on('stack-cleared', refresh);
    return () => {
      undoManager.off('stack-item-added', refresh);
      undoManager.off('stack-item-popped', refresh);
      undoManager.off('stack-cleared', refresh);
    };
  }, [undoManager]);

  const run = (action: 'undo' | 'redo'): void => {
    if (undoManager === null) return;
    if (action === 'undo') undoManager.undo();
    else undoManager.redo();
    onDone();
  };

  return (
    <div className="button-row" role="group" aria-label="Your edits">
      <button type="button" className="button ghost small" disabled={depth.undo === 0} onClick={() => run('undo')} title="Undo your last edit (Ctrl+Z)">
        <Icon name="undo" /> Undo
      </button>
      <button type="button" className="button ghost small" disabled={depth.redo === 0} onClick={() => run('redo')} title="Redo (Ctrl+Shift+Z)">
        <Icon name="redo" /> Redo
      </button>
    </div>
  );
}
