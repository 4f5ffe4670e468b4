/**
 * The prompt's length once an update is applied, worked out before applying it (Yjs cannot undo an update):
 * the current length, plus the text the update inserts that the room lacks, minus the visible prompt text
 * its delete set removes (and any of its own new text it deletes). This is what the prompt limit judges, so
 * an offline "select all, paste" that replaces the prompt is counted as the text it leaves, not as the old
 * text plus the new.
 *
 * Cost: decoding the update, plus one step per struct of the room inside the update's delete ranges.
 * The guard calls it only when the cheap upper bound (current length plus inserted text) crosses the limit.
 */
import * as Y from 'yjs';
import { newStringUnits, type UpdateSummary } from './updateSummary.js';

/** A client's deleted clock range `[clock, clock + len)`, as Yjs's delete set holds it. */
interface DeleteRange {
  clock: number;
  len: number;
}

/**
 * The length of `prompt` (in UTF-16 units, as `Y.Text.length`) after applying `update`, whose well-formed
 * structure `summary` describes; `sv` is the room's state vector now. Text the update inserts but whose
 * dependencies the room lacks is counted as if it landed (an upper bound).
 */
export function promptLengthAfter(prompt: Y.Text, update: Uint8Array, summary: UpdateSummary, sv: ReadonlyMap<number, number>): number {
  const { ds } = Y.decodeUpdate(update) as { ds: { clients: Map<number, DeleteRange[]> } };
  let removed = 0;
  for (const [client, ranges] of ds.clients) {
    const known = sv.get(client) ?? 0;
    const newStrings = summary.strings.filter((s) => s.client === client);
    for (const range of ranges) {
      const end = range.clock + range.len;
      if (range.clock < known) removed += visibleUnitsIn(prompt, client, range.clock, Math.min(end, known));
      for (const run of newStrings) removed += overlap(Math.max(run.clock, known), run.end, range.clock, end);
    }
  }
  return prompt.length + newStringUnits(summary, sv) - removed;
}

/** Units of `prompt` text not yet deleted among `client`'s structs in clocks `[from, to)` of the room. */
function visibleUnitsIn(prompt: Y.Text, client: number, from: number, to: number): number {
  const structs = prompt.doc?.store.clients.get(client);
  if (structs === undefined || from >= to) return 0;
  let units = 0;
  for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
    const struct = structs[i];
    if (struct === undefined || struct.id.clock >= to) break;
    if (struct instanceof Y.Item && !struct.deleted && struct.countable && struct.parent === prompt) {
      units += overlap(struct.id.clock, struct.id.clock + struct.length, from, to);
    }
  }
  return units;
}

/** Length of the intersection of `[a0, a1)` and `[b0, b1)`. */
function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

