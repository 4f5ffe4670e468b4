import { loadTokenizer } from '../tokenizer/loadTokenizer.js';
import { benchPrompts } from './benchPrompts.js';

/** Tokenizer throughput, in prompts per second. */
export interface TokenizerThroughput {
  tokenizerDir: string;
  distinctPrompts: number;
  /** Steady state: words seen before hit the BPE word cache (a room's prompt changes a word at a time). */
  warmPromptsPerSecond: number;
  /** Every prompt tokenized with an empty word cache (first-seen text). */
  coldPromptsPerSecond: number;
}

/**
 * Measures `ClipTokenizer.encode` (cleanup, regex, BPE, padding to 77) on typical prompts for about
 * `durationMs` per mode. Use the real CLIP vocabulary (49,408 tokens) for figures that mean something.
 */
export async function measureTokenizerThroughput(tokenizerDir: string, durationMs = 1_000): Promise<TokenizerThroughput> {
  const tokenizer = await loadTokenizer(tokenizerDir);
  const prompts = benchPrompts(256);
  const run = (clearEachPass: boolean): number => {
    let count = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < durationMs) {
      for (const prompt of prompts) {
        if (clearEachPass) tokenizer.clearCache();
        tokenizer.encode(prompt);
      }
      count += prompts.length;
      elapsed = performance.now() - start;
    }
    return (count / elapsed) * 1000;
  };
  run(false); // JIT warm-up
  const warm = run(false);
  const cold = run(true);
  return { tokenizerDir, distinctPrompts: prompts.length, warmPromptsPerSecond: Math.round(warm), coldPromptsPerSecond: Math.round(cold) };
}
