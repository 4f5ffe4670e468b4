import { WorkerEngine } from '../engine/WorkerEngine.js';
import { DiffusionPipeline } from '../pipeline/DiffusionPipeline.js';
import type { GenerateRequest } from '../engine/types.js';
import { benchPrompts } from './benchPrompts.js';
import { summarize, type DurationSummary } from './stats.js';

/** Frames run before measuring, so JIT compilation is not counted. */
const WARMUP_FRAMES = 5;

/** Options of {@link measureEngineOverhead}. */
export interface OverheadOptions {
  modelDir: string;
  /** Frames per case (default 30). */
  frames?: number;
  width?: number;
  height?: number;
  steps?: number;
  /** Also measure the worker-thread round trip (default true). */
  includeWorker?: boolean;
}

/** Per-frame engine overhead (ms) outside `session.run`, by case. */
export interface EngineOverhead {
  modelDir: string;
  modelName: string;
  provider: string;
  width: number;
  height: number;
  steps: number;
  /** Same prompt every frame (seed changes): tokenizer and text encoders are skipped. */
  cacheHit: DurationSummary;
  /** A new prompt every frame: tokenize + encoder feeds + conditioning build count as overhead. */
  cacheMiss: DurationSummary;
  /** Cache hit through the worker engine, measured by the caller: adds messaging and the image transfer. */
  workerCacheHit?: DurationSummary;
  /** Median time inside session.run per frame on the cache-hit path, for scale. */
  onnxRunMedianMs: number;
}

/**
 * Measures what the engine itself costs per frame: `genMs - timings.onnxRun`, i.e. request checks,
 * tokenizing, tensor building and float16 conversion, scheduler maths, latent-to-RGB and the single
 * image encode. Runs in-thread (plus an optional worker pass) on any model folder.
 */
export async function measureEngineOverhead(options: OverheadOptions): Promise<EngineOverhead> {
  const { modelDir, frames = 30, width = 512, height = 512, steps = 1, includeWorker = true } = options;
  const log = (): void => {};
  const base: GenerateRequest = { prompt: 'a red fox in the snow, 35mm, bokeh', seed: 0, steps, width, height };
  const pipeline = await DiffusionPipeline.load({ modelDir, device: 'auto', warmupSizePx: width, log });
  const hit: number[] = [];
  const miss: number[] = [];
  const onnx: number[] = [];
  try {
    await pipeline.generate(base); // fill the cache for the hit case
    const prompts = benchPrompts(frames + WARMUP_FRAMES);
    // Hit and miss frames alternate so both see the same machine load; the first few only warm the JIT.
    for (let i = 0; i < frames + WARMUP_FRAMES; i++) {
      const hitResult = await pipeline.generate({ ...base, seed: i + 1 });
      const missResult = await pipeline.generate({ ...base, prompt: `${prompts[i]!} #${i}`, seed: i });
      if (i < WARMUP_FRAMES) continue;
      hit.push(hitResult.genMs - (hitResult.timings.onnxRun ?? 0));
      onnx.push(hitResult.timings.onnxRun ?? 0);
      miss.push(missResult.genMs - (missResult.timings.onnxRun ?? 0));
    }
  } finally {
    await pipeline.dispose();
  }
  const report: EngineOverhead = {
    modelDir,
    modelName: pipeline.info.modelName,
    provider: pipeline.info.provider,
    width,
    height,
    steps,
    cacheHit: summarize(hit),
    cacheMiss: summarize(miss),
    onnxRunMedianMs: summarize(onnx).medianMs,
  };
  if (includeWorker) {
    const engine = await WorkerEngine.create({ modelDir, device: 'auto', warmupSizePx: width, log });
    const worker: number[] = [];
    try {
      await engine.generate(base);
      for (let i = 0; i < frames + WARMUP_FRAMES; i++) {
        const started = performance.now();
        const result = await engine.generate({ ...base, seed: i + 1 });
        if (i >= WARMUP_FRAMES) worker.push(performance.now() - started - (result.timings.onnxRun ?? 0));
      }
    } finally {
      await engine.dispose();
    }
    report.workerCacheHit = summarize(worker);
  }
  return report;
}
