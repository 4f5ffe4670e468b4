/**
 * Builds the Yjs update a raw client sends to give a room a prompt (and optionally params), without keeping a
 * document: a scratch Y.Doc with a fresh client id inserts the text, and its whole state is the update.
 * Inserting at the start of an empty local text has no left neighbour, so the server can always integrate it;
 * against a room that already has text, the new text lands in front of it.
 */
import * as Y from 'yjs';
import { PARAMS_MAP_NAME, PROMPT_TEXT_NAME } from '@promptjam/protocol';

/** A Yjs update that sets `prompt` (and any `params`) in a fresh room. */
export function promptUpdate(prompt: string, params: Record<string, number> = {}): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getText(PROMPT_TEXT_NAME).insert(0, prompt);
    const map = doc.getMap<number>(PARAMS_MAP_NAME);
    for (const [key, value] of Object.entries(params)) map.set(key, value);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
