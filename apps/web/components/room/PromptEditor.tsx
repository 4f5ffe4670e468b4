'use client';

import { defaultKeymap } from '@codemirror/commands';
import { Compartment, EditorState, type Transaction } from '@codemirror/state';
import { MAX_PROMPT_CHARS, type PromptTokenUsage } from '@promptjam/protocol';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { yCollab, ySyncAnnotation, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { cutOf, promptLengthCap, type CutText } from '@/lib/promptLengthCap';
import { PromptNotes } from './PromptNotes';
import { UndoRedoButtons } from './UndoRedoButtons';

const editorTheme = EditorView.theme(
  {
    '&': { fontSize: 'var(--prompt-font-size)', backgroundColor: 'transparent', color: 'var(--text)' },
    '.cm-scroller': { fontFamily: 'var(--font)' },
    '.cm-content': { fontFamily: 'inherit', padding: '0.8rem 0', caretColor: 'var(--accent)', lineHeight: '1.45' },
    '.cm-line': { padding: '0 1rem' },
    '&.cm-focused': { outline: 'none' },
    '.cm-placeholder': { color: 'var(--text-dim)' },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
    '.cm-ySelectionInfo': {
      fontFamily: 'inherit',
      fontSize: '0.72rem',
      fontWeight: '600',
      opacity: '1',
      padding: '1px 5px',
      borderRadius: '5px 5px 5px 0',
      color: '#0b0d12',
      top: '-1.25em',
    },
  },
  { dark: true },
);

/** Local input is cut to the one prompt length rule (protocol's MAX_PROMPT_CHARS); the room's changes always apply. */
const isRemoteEdit = (tr: Transaction): boolean => tr.annotation(ySyncAnnotation) !== undefined;

/** Props of {@link PromptEditor}. */
export interface PromptEditorProps {
  text: Y.Text;
  awareness: Awareness;
  /** The latest frame's prompt and token counts, for the "the model reads only the first words" note. */
  frame: { prompt: string; promptTokens?: PromptTokenUsage } | null;
  /** The host locked the prompt for this person: it shows, follows edits, and cannot be changed here. */
  readOnly?: boolean;
}

/**
 * Read-only: not editable (the server would refuse the edit anyway, with 4410), yet still focusable, so keys pressed
 * in it (selecting, copying, a stray letter) land in the editor and never reach the page's sketch shortcuts.
 */
function lockExtensions(readOnly: boolean) {
  const focusable = readOnly ? [EditorView.contentAttributes.of({ tabindex: '0' })] : [];
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly), ...focusable];
}

/**
 * The shared prompt: CodeMirror 6 bound to the room's `Y.Text` by y-codemirror.next, which also draws
 * everyone's carets and selections in their colour with their name. Undo and redo go through a
 * `Y.UndoManager` that tracks only this editor binding's own edits, so nobody undoes someone else's typing.
 */
export function PromptEditor({ text, awareness, frame, readOnly = false }: PromptEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const lock = useRef(new Compartment());
  const readOnlyNow = useRef(readOnly);
  readOnlyNow.current = readOnly;
  const [binding, setBinding] = useState<{ view: EditorView; undoManager: Y.UndoManager } | null>(null);
  const [cut, setCut] = useState<CutText | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const undoManager = new Y.UndoManager(text);
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'Prompt', spellcheck: 'true', autocapitalize: 'off' }),
          placeholder('Describe a picture… everyone here edits this together'),
          promptLengthCap(MAX_PROMPT_CHARS, isRemoteEdit),
          // The last local edit decides the cut note: shown after an edit that was cut, gone after one that fit.
          EditorView.updateListener.of((update) => {
            for (const tr of update.transactions) if (tr.docChanged && !isRemoteEdit(tr)) setCut(cutOf(tr));
          }),
          editorTheme,
          lock.current.of(lockExtensions(readOnlyNow.current)),
          yCollab(text, awareness, { undoManager }),
        ],
      }),
    });
    setBinding({ view, undoManager });
    return () => {
      setBinding(null);
      view.destroy();
      undoManager.destroy();
    };
  }, [text, awareness]);

  useEffect(() => {
    binding?.view.dispatch({ effects: lock.current.reconfigure(lockExtensions(readOnly)) });
  }, [binding, readOnly]);

  return (
    <section className="panel prompt-panel" aria-labelledby="prompt-heading">
      <div className="panel-head">
        <h2 id="prompt-heading" className="panel-title">
          Prompt {readOnly && <span className="panel-note" data-testid="prompt-locked">locked by the host</span>}
        </h2>
        <UndoRedoButtons undoManager={binding?.undoManager ?? null} onDone={() => binding?.view.focus()} />
      </div>
      <div ref={hostRef} className="prompt-editor" />
      <PromptNotes cut={cut} frame={frame} />
    </section>
  );
}
