/**
 * What a well-formed Yjs update writes, as `checkUpdate` (updateStructure.ts) summarises it, and the questions the room asks
 * of a summary before applying the update: does it write anything, how much new text, does it depend on
 * state the room lacks.
 */

/** One client's run of structs in the update: clocks `[clock, end)`. */
export interface StructRun {
  client: number;
  clock: number;
  end: number;
}

/** What a well-formed update writes. */
export interface UpdateSummary {
  /** GC, Skip and content structs. */
  structs: number;
  /** Content items (not GC or Skip). */
  items: number;
  runs: StructRun[];
  /** Ranges in the delete set. */
  deleteRanges: number;
  /** Inserted strings: client, first clock and length in UTF-16 units. */
  strings: StructRun[];
  /** Root type names items name explicitly. */
  rootTypes: string[];
}

/** Whether an update writes nothing (what a viewer's stock client answers sync step 1 with). */
export function isEmptyUpdate(summary: UpdateSummary): boolean {
  return summary.structs === 0 && summary.deleteRanges === 0;
}

/** UTF-16 units of text the update inserts that a document with state vector `sv` does not hold yet. */
export function newStringUnits(summary: UpdateSummary, sv: ReadonlyMap<number, number>): number {
  let units = 0;
  for (const s of summary.strings) units += Math.max(0, s.end - Math.max(s.clock, sv.get(s.client) ?? 0));
  return units;
}

/** Whether some run starts beyond what the document holds: those structs wait as pending until the gap fills. */
export function startsBeyond(summary: UpdateSummary, sv: ReadonlyMap<number, number>): boolean {
  return summary.runs.some((r) => r.clock > (sv.get(r.client) ?? 0));
}
