/**
 * Scenario 1, engine overhead: calls the engine package's own measurement functions. Overhead is the engine's
 * work per frame outside `session.run` (request checks, tokenize, tensors, scheduler maths, latent to RGB, image
 * encode) = `genMs − timings.onnxRun`, at 512x512, with a text-embedding cache hit and miss; the median time
 * inside `session.run` is the baseline beside it. The target is judged on the cache-miss median (typing changes
 * the prompt on every frame). Tokenizer throughput uses the real CLIP vocabulary where it is available
 * (../shared/data/clip-tokenizer beside the repository), else the model's own small tokenizer, and is judged on
 * first-seen text (an empty BPE word cache).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measureEngineOverhead, measureTokenizerThroughput, type EngineOverhead, type TokenizerThroughput } from '@promptjam/diffusion';
import type { BenchLog } from './benchTarget.js';

/** The engine package's overhead and tokenizer figures, with where the tokenizer vocabulary came from. */
export interface EngineScenarioResult {
  overhead: EngineOverhead;
  tokenizer: TokenizerThroughput & { source: string };
}

/** Frame size the target is stated at. */
const ENGINE_SIZE_PX = 512;

/** Runs both measurements; `repoDir` locates ../shared/data/clip-tokenizer. */
export async function runEngineScenario(modelDir: string, frames: number, repoDir: string, log: BenchLog): Promise<EngineScenarioResult> {
  const overhead = await measureEngineOverhead({ modelDir, frames, width: ENGINE_SIZE_PX, height: ENGINE_SIZE_PX, steps: 1 });
  const shared = join(repoDir, '..', 'shared', 'data', 'clip-tokenizer');
  const realVocabulary = existsSync(join(shared, 'vocab.json'));
  const tokenizerDir = realVocabulary ? shared : join(modelDir, 'tokenizer');
  const tokenizer = await measureTokenizerThroughput(tokenizerDir);
  const source = realVocabulary ? 'real CLIP vocabulary (../shared/data/clip-tokenizer)' : `the model's own tokenizer (${tokenizerDir}); the real vocabulary is absent`;
  log(
    `  overhead outside session.run: miss p50 ${overhead.cacheMiss.medianMs.toFixed(2)} ms, hit p50 ${overhead.cacheHit.medianMs.toFixed(2)} ms` +
      ` (session.run p50 ${overhead.onnxRunMedianMs.toFixed(2)} ms)${overhead.workerCacheHit ? `, through the worker ${overhead.workerCacheHit.medianMs.toFixed(2)} ms` : ''}`,
  );
  log(`  tokenizer: ${tokenizer.coldPromptsPerSecond} prompts/s first-seen, ${tokenizer.warmPromptsPerSecond} warm (${source})`);
  return { overhead, tokenizer: { ...tokenizer, source } };
}
