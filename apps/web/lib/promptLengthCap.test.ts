import { EditorSelection, EditorState, Transaction } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { cutOf, promptLengthCap } from './promptLengthCap';

const MAX = 40;
const remote = Transaction.remote;

function editor(doc: string, selection?: { anchor: number; head?: number }): EditorState {
  return EditorState.create({ doc, selection, extensions: [promptLengthCap(MAX, (tr) => tr.annotation(remote) === true)] });
}

/** Select all, then paste `text`, as a browser paste does. */
function pasteOverAll(state: EditorState, text: string) {
  return state.update({ changes: { from: 0, to: state.doc.length, insert: text }, userEvent: 'input.paste' });
}

describe('promptLengthCap', () => {
  it('select all + paste of a text over the cap inserts what fits and reports the rest', () => {
    const pasted = 'p'.repeat(100);
    const tr = pasteOverAll(editor('old text'), pasted);
    expect(tr.newDoc.toString()).toBe('p'.repeat(MAX));
    expect(cutOf(tr)).toEqual({ chars: 60, text: 'p'.repeat(60) });
    expect(tr.newSelection.main.head).toBe(MAX);
    expect(tr.isUserEvent('input.paste')).toBe(true);
  });

  it('a paste into the middle fills the room left and keeps both sides', () => {
    const state = editor(`${'a'.repeat(15)}${'b'.repeat(15)}`, { anchor: 15 });
    const tr = state.update({ changes: { from: 15, insert: '0123456789ABCDEF' }, userEvent: 'input.paste' });
    expect(tr.newDoc.toString()).toBe(`${'a'.repeat(15)}0123456789${'b'.repeat(15)}`);
    expect(cutOf(tr)).toEqual({ chars: 6, text: 'ABCDEF' });
    expect(tr.newSelection.main.head).toBe(25);
  });

  it('typing at the cap inserts nothing and says one character was cut', () => {
    const tr = editor('x'.repeat(MAX), { anchor: MAX }).update({ changes: { from: MAX, insert: 'y' }, userEvent: 'input.type' });
    expect(tr.newDoc.toString()).toBe('x'.repeat(MAX));
    expect(cutOf(tr)).toEqual({ chars: 1, text: 'y' });
  });

  it('never splits a surrogate pair', () => {
    const tr = pasteOverAll(editor(''), `${'e'.repeat(MAX - 1)}😀 tail`);
    expect(tr.newDoc.toString()).toBe('e'.repeat(MAX - 1));
    expect(cutOf(tr)?.text).toBe('😀 tail');
  });

  it('lets edits that fit, shrink the prompt, or come from the room through untouched', () => {
    const fits = editor('abc').update({ changes: { from: 3, insert: 'def' } });
    expect(fits.newDoc.toString()).toBe('abcdef');
    expect(cutOf(fits)).toBeNull();
    const over = editor('z'.repeat(MAX + 10));
    expect(over.update({ changes: { from: 0, to: 5 } }).newDoc.length).toBe(MAX + 5);
    const fromRoom = editor('').update({ changes: { from: 0, insert: 'r'.repeat(MAX * 2) }, annotations: remote.of(true) });
    expect(fromRoom.newDoc.length).toBe(MAX * 2);
  });

  it('keeps each cursor\'s text in order when several cursors type at once', () => {
    const state = EditorState.create({
      doc: 'a'.repeat(MAX - 1),
      selection: EditorSelection.create([EditorSelection.cursor(0), EditorSelection.cursor(MAX - 1)]),
      extensions: [EditorState.allowMultipleSelections.of(true), promptLengthCap(MAX, () => false)],
    });
    const tr = state.update(state.replaceSelection('XY'));
    expect(tr.newDoc.toString()).toBe(`X${'a'.repeat(MAX - 1)}`);
    expect(cutOf(tr)?.chars).toBe(3);
  });
});
