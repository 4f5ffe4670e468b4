import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, penStroke } from '../test/sketchEdits.js';
import { clearField, undoClear } from './hostClear.js';

/** A room document and a client replica kept in sync by hand, both ways. */
function roomAndClient(): { room: Y.Doc; client: Y.Doc; sync(): void } {
  const room = new Y.Doc();
  const client = new Y.Doc();
  const sync = (): void => {
    Y.applyUpdate(room, Y.encodeStateAsUpdate(client, Y.encodeStateVector(room)));
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room, Y.encodeStateVector(client)));
  };
  return { room, client, sync };
}

describe('clearing a field undoably', () => {
  it('clears the prompt in one transaction with what runs alongside, and leaves an empty field alone', () => {
    const { room, client, sync } = roomAndClient();
    const ran: number[] = [];
    expect(clearField(room, 'prompt', () => ran.push(1))).toBe(false);
    client.getText('prompt').insert(0, 'a fox');
    sync();
    let transactions = 0;
    room.on('afterTransaction', () => transactions++);
    expect(clearField(room, 'prompt', () => room.getMap('controls').set('log', ['cleared']))).toBe(true);
    expect(transactions).toBe(1);
    expect(ran).toEqual([]);
    sync();
    expect(client.getText('prompt').toString()).toBe('');
  });

  it('undoes each clear once, newest first, keeping what others added since', () => {
    const { room, client, sync } = roomAndClient();
    Y.transact(client, () => {
      addStroke(client, penStroke());
      addStroke(client, penStroke([1, 1, 100]));
    });
    sync();
    clearField(room, 'sketch', () => undefined);
    sync();
    addStroke(client, penStroke([5, 5, 100]));
    sync();
    clearField(room, 'sketch', () => undefined);
    expect(room.getArray('sketch').length).toBe(0);

    expect(undoClear(room, 'sketch')).toBe(true);
    expect(room.getArray('sketch').length).toBe(1);
    expect(undoClear(room, 'sketch')).toBe(true);
    sync();
    const strokes = client.getArray<Y.Map<unknown>>('sketch').toArray().map((s) => s.toJSON());
    expect(strokes).toHaveLength(3);
    expect(strokes.map((s) => (s.points as number[]).length)).toEqual(expect.arrayContaining([6, 3, 3]));
    expect(undoClear(room, 'sketch')).toBe(false);
    expect(undoClear(room, 'prompt')).toBe(false);
  });

  it('ignores the room’s other edits: undo restores only what a clear removed', () => {
    const { room, client, sync } = roomAndClient();
    client.getText('prompt').insert(0, 'calm sea');
    sync();
    clearField(room, 'prompt', () => undefined);
    // A server-side edit with another origin (the store, a peer) is not the clear's to undo.
    room.getText('prompt').insert(0, 'storm');
    expect(undoClear(room, 'prompt')).toBe(true);
    expect(room.getText('prompt').toString().length).toBe('calm sea'.length + 'storm'.length);
    expect(undoClear(room, 'prompt')).toBe(false);
  });
});
