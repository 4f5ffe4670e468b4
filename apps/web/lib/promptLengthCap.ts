import { EditorSelection, EditorState, StateEffect, Transaction, type Extension, type TransactionSpec } from '@codemirror/state';

/** Text that did not fit: how many characters were cut, and the text itself (so the person can copy it). */
export interface CutText {
  /** UTF-16 code units cut, as the prompt's length counts them. */
  chars: number;
  text: string;
}

/** Marks an edit that was shortened to fit the cap; carries what was cut. */
export const promptCutEffect = StateEffect.define<CutText>();

/**
 * Caps the prompt at `maxChars` (UTF-16 code units, as `Y.Text` counts) for local input: an edit that would go
 * past it keeps its deletions and as much of its inserted text as fits, in order (never half a surrogate
 * pair), and carries a {@link promptCutEffect} with what was cut (read it with {@link cutOf}). A paste of
 * 10,000 characters over a selection therefore inserts the first characters that fit instead of nothing.
 * Edits that do not grow the prompt, and edits from the shared document (`isRemote`), always apply.
 */
export function promptLengthCap(maxChars: number, isRemote: (tr: Transaction) => boolean): Extension {
  return EditorState.transactionFilter.of((tr) => {
    if (!tr.docChanged || isRemote(tr) || tr.newDoc.length <= maxChars || tr.newDoc.length <= tr.startState.doc.length) return tr;
    return fitChanges(tr, maxChars);
  });
}

/** What {@link promptLengthCap} cut from this transaction's input, if anything. */
export function cutOf(tr: Transaction): CutText | null {
  for (const effect of tr.effects) if (effect.is(promptCutEffect)) return effect.value;
  return null;
}

function fitChanges(tr: Transaction, maxChars: number): TransactionSpec {
  let room = maxChars - tr.startState.doc.length;
  tr.changes.iterChanges((fromA, toA) => (room += toA - fromA));
  const changes: Array<{ from: number; to: number; insert: string }> = [];
  let cutText = '';
  let shift = 0;
  let cursor = 0;
  tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    const text = inserted.toString();
    let keep = Math.max(0, Math.min(text.length, room));
    // Never keep the first half of a surrogate pair.
    if (keep > 0 && keep < text.length && isHighSurrogate(text.charCodeAt(keep - 1))) keep--;
    room -= keep;
    cutText += text.slice(keep);
    changes.push({ from: fromA, to: toA, insert: text.slice(0, keep) });
    cursor = fromA + shift + keep;
    shift += keep - (toA - fromA);
  });
  const userEvent = tr.annotation(Transaction.userEvent);
  return {
    changes,
    selection: EditorSelection.cursor(cursor),
    effects: promptCutEffect.of({ chars: cutText.length, text: cutText }),
    scrollIntoView: true,
    ...(userEvent !== undefined ? { userEvent } : {}),
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
