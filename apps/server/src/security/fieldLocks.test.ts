import { CONTROLS_MAP_NAME, LOCKED_FIELDS_KEY } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, appendPoints, penStroke } from '../test/sketchEdits.js';
import { lockedFieldTouched, rootsTouched } from './fieldLocks.js';

/** A server document and a client in sync with it; `edit` runs on the client and returns its update. */
function setUp(prompt = 'a red fox', params: Record<string, number> = { seed: 1 }) {
  const server = new Y.Doc();
  server.getText('prompt').insert(0, prompt);
  for (const [key, value] of Object.entries(params)) server.getMap('params').set(key, value);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const edit = (change: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(client);
    change(client);
    return Y.encodeStateAsUpdate(client, before);
  };
  return { server, client, edit };
}

describe('rootsTouched', () => {
  it('places inserts at the start, middle and end of the prompt through their origins', () => {
    const { server, edit } = setUp();
    expect(rootsTouched(server, edit((d) => d.getText('prompt').insert(0, 'big ')))).toEqual(new Set(['prompt']));
    expect(rootsTouched(server, edit((d) => d.getText('prompt').insert(5, 'y')))).toEqual(new Set(['prompt']));
    expect(rootsTouched(server, edit((d) => d.getText('prompt').insert(d.getText('prompt').length, '!')))).toEqual(new Set(['prompt']));
  });

  it('places deletions, params changes, and updates touching both', () => {
    const one = setUp();
    expect(rootsTouched(one.server, one.edit((d) => d.getText('prompt').delete(0, 2)))).toEqual(new Set(['prompt']));
    // The client's delete set still holds that deletion (the server never got it): it counts for the prompt.
    expect(rootsTouched(one.server, one.edit((d) => d.getMap('params').set('seed', 7)))).toEqual(new Set(['params', 'prompt']));
    const two = setUp();
    expect(rootsTouched(two.server, two.edit((d) => d.getMap('params').set('steps', 2)))).toEqual(new Set(['params']));
    const both = two.edit((d) =>
      d.transact(() => {
        d.getText('prompt').insert(0, 'x');
        d.getMap('params').set('seed', 9);
      }),
    );
    expect(rootsTouched(two.server, both)).toEqual(new Set(['prompt', 'params']));
  });

  it('does not count deletions the room already has (a reconnecting client resends the whole delete set)', () => {
    const { server, client, edit } = setUp();
    Y.applyUpdate(server, edit((d) => d.getText('prompt').delete(0, 2)));
    const resync = edit((d) => d.getMap('params').set('seed', 5));
    expect(rootsTouched(server, resync)).toEqual(new Set(['params']));
    expect(rootsTouched(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)))).toEqual(new Set(['params']));
  });

  it('follows origins inside the update itself (a run typed offline)', () => {
    const { server, edit } = setUp('');
    const typed = edit((d) => {
      for (const char of 'hello') d.getText('prompt').insert(d.getText('prompt').length, char);
      d.getText('prompt').delete(1, 1);
    });
    expect(rootsTouched(server, typed)).toEqual(new Set(['prompt']));
  });

  it('places sketch strokes and their live points (nested types) in the sketch, never in a locked field', () => {
    const { server, edit } = setUp();
    const apply = (update: Uint8Array): Uint8Array => {
      Y.applyUpdate(server, update);
      return update;
    };
    const stroke = apply(edit((d) => addStroke(d, penStroke([1, 1, 100]))));
    expect(rootsTouched(server, stroke)).toBeDefined();
    const points = edit((d) => appendPoints(d, 0, [2, 2, 100]));
    expect(rootsTouched(server, points)).toEqual(new Set(['sketch']));
    const locked = setUp();
    locked.server.getMap(CONTROLS_MAP_NAME).set(LOCKED_FIELDS_KEY, ['prompt', 'params']);
    const first = locked.edit((d) => addStroke(d, penStroke()));
    expect(rootsTouched(locked.server, first)).toEqual(new Set(['sketch']));
    expect(lockedFieldTouched(locked.server, first)).toBeUndefined();
  });

  it('cannot place an update whose origin the server lacks', () => {
    const { server, client, edit } = setUp();
    // A change the server never received, then an edit that hangs off it.
    edit((d) => d.getText('prompt').insert(0, 'unseen '));
    const dependent = edit((d) => d.getText('prompt').insert(3, 'z'));
    expect(rootsTouched(server, dependent)).toBeUndefined();
    client.destroy();
  });
});

describe('lockedFieldTouched', () => {
  it('names the locked field an update would change, and nothing when the update stays clear', () => {
    const { server, edit } = setUp();
    const promptEdit = edit((d) => d.getText('prompt').insert(0, 'a'));
    const paramsEdit = edit((d) => d.getMap('params').set('seed', 3));
    expect(lockedFieldTouched(server, promptEdit)).toBeUndefined();
    server.getMap(CONTROLS_MAP_NAME).set(LOCKED_FIELDS_KEY, ['prompt']);
    expect(lockedFieldTouched(server, promptEdit)).toBe('prompt');
    expect(lockedFieldTouched(server, paramsEdit)).toBeUndefined();
    server.getMap(CONTROLS_MAP_NAME).set(LOCKED_FIELDS_KEY, ['params', 'prompt', 'nonsense']);
    expect(lockedFieldTouched(server, paramsEdit)).toBe('params');
  });
});
