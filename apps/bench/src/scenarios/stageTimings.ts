/**
 * Entries of a frame's `timings` that are flags, counts or spans over several stages (`modelWork`: start to the end
 * of the batch's model work), not the duration of one stage: tables of per-stage times leave them out.
 */
export const NOT_STAGES: ReadonlySet<string> = new Set(['textCacheHit', 'batchSize', 'modelWork']);
