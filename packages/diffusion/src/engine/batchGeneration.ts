import type { BatchGeneration, GenerateResult } from './types.js';

/**
 * A {@link BatchGeneration} of `count` frames from a batch that is still to come (an engine still loading) or
 * that failed as a whole: if `batch` rejects, every frame rejects with that error and `modelDone` settles.
 */
export function settleBatch(batch: Promise<BatchGeneration>, count: number): BatchGeneration {
  const frames: Array<Promise<GenerateResult>> = [];
  for (let i = 0; i < count; i++) frames.push(batch.then((b) => b.frames[i]!));
  return { modelDone: batch.then((b) => b.modelDone, () => undefined), frames };
}
