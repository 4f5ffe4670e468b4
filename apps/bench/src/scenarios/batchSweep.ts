/**
 * The engine side of issue 14's GPU table: B typing rooms' frames rendered as one engine turn (`generateBatch`),
 * each room with a new prompt and its own seed every round, 1 step, decoded with the preview decoder when the
 * model has one (the typing frame). Per batch size: the model work's time (text encoders for the new prompts, the
 * batched UNet, the decodes; the server's next batch starts when it settles), the time until every frame is
 * encoded, and frames per second summed over the rooms. The first round at each size is reported apart: on a GPU
 * a new batch shape compiles kernels and allocates buffers.
 */
import type { ImageEngine } from '@promptjam/diffusion';
import { round as roundTo, summarize } from '../stats.js';
import { NOT_STAGES } from './stageTimings.js';

/** One batch size's figures. */
export interface BatchSweepRow {
  /** Rooms rendered together (requests per engine turn). */
  batchSize: number;
  /** Rounds measured after the first. */
  rounds: number;
  /** The first round at this size (shape warm-up included), model work, ms. */
  firstRoundMs: number;
  /** Median model work per turn (its `modelDone`), ms. */
  modelMsP50: number;
  /** Median time until every frame of the turn is encoded, ms. */
  framesMsP50: number;
  /** Frames per second summed over the rooms when image encoding overlaps the next turn: batchSize / modelMsP50. */
  framesPerSecondPipelined: number;
  /** The same without the overlap: batchSize / framesMsP50. */
  framesPerSecondSerial: number;
  /** Median per-stage times of one member (the batch's shared stages included), ms. */
  stagesMs: Record<string, number>;
}


/**
 * Runs `rounds` measured turns (after one first turn) at each batch size; sizes above 1 run only when the engine
 * batches (`info.dynamicBatch`). Prompts are new every round, so no text-embedding cache hit hides the encoders.
 */
export async function runBatchSweep(engine: ImageEngine, batchSizes: readonly number[], rounds: number, sizePx = 512): Promise<BatchSweepRow[]> {
  const preview = engine.info.previewDecoder === true;
  const sizes = engine.info.dynamicBatch ? batchSizes : batchSizes.filter((b) => b === 1);
  const rows: BatchSweepRow[] = [];
  for (const batchSize of sizes) {
    const modelMs: number[] = [];
    const framesMs: number[] = [];
    const stages: Record<string, number[]> = {};
    let firstRoundMs = 0;
    for (let round = 0; round <= rounds; round++) {
      const requests = Array.from({ length: batchSize }, (_, room) => ({
        prompt: `room ${room} types a lighthouse on a cliff at dusk, take ${batchSize}.${round}`,
        seed: 1_000 * batchSize + 10 * round + room,
        steps: 1,
        width: sizePx,
        height: sizePx,
        preview,
      }));
      const began = performance.now();
      const generation = engine.generateBatch(requests);
      await generation.modelDone;
      const modelDoneMs = performance.now() - began;
      const results = await Promise.all(generation.frames);
      const allFramesMs = performance.now() - began;
      if (round === 0) {
        firstRoundMs = roundTo(modelDoneMs);
        continue;
      }
      modelMs.push(modelDoneMs);
      framesMs.push(allFramesMs);
      for (const [stage, ms] of Object.entries(results[0]!.timings)) if (!NOT_STAGES.has(stage)) (stages[stage] ??= []).push(ms);
    }
    const model = summarize(modelMs).p50;
    const frames = summarize(framesMs).p50;
    rows.push({
      batchSize,
      rounds,
      firstRoundMs,
      modelMsP50: roundTo(model),
      framesMsP50: roundTo(frames),
      framesPerSecondPipelined: roundTo((batchSize * 1_000) / model),
      framesPerSecondSerial: roundTo((batchSize * 1_000) / frames),
      stagesMs: Object.fromEntries(Object.entries(stages).map(([stage, values]) => [stage, roundTo(summarize(values).p50)])),
    });
  }
  return rows;
}
