/**
 * `pnpm --filter @promptjam/diffusion bench`: engine overhead per frame outside session.run at 512x512
 * (target <= 6 ms median) and tokenizer throughput (target >= 20,000 prompts/s). Writes
 * `diffusion-bench.json` into the results folder and prints a table.
 *
 * Arguments / environment:
 *   --out DIR    or PROMPTJAM_BENCH_RESULTS_DIR   results folder (default packages/diffusion/bench-results/)
 *   --model DIR  or PROMPTJAM_BENCH_MODEL         model folder (default the tiny demo model)
 *   --tokenizer DIR or PROMPTJAM_BENCH_TOKENIZER  tokenizer folder (default ../shared/data/clip-tokenizer if present)
 *   --frames N                                    frames per overhead case (default 30)
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureEngineOverhead } from './measureEngineOverhead.js';
import { measureTokenizerThroughput } from './measureTokenizer.js';

/** Overhead target from the issue: engine work outside session.run per 512x512 frame. */
export const OVERHEAD_TARGET_MEDIAN_MS = 6;
/** Tokenizer target from the issue. */
export const TOKENIZER_TARGET_PROMPTS_PER_S = 20_000;

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, model: { type: 'string' }, tokenizer: { type: 'string' }, frames: { type: 'string' } },
  });
  const outDir = resolve(values.out ?? process.env.PROMPTJAM_BENCH_RESULTS_DIR ?? join(PACKAGE_DIR, 'bench-results'));
  const modelDir = values.model ?? process.env.PROMPTJAM_BENCH_MODEL ?? (await (await import('@promptjam/models')).ensureDemoModel());
  const sharedClip = join(PACKAGE_DIR, '..', '..', '..', 'shared', 'data', 'clip-tokenizer');
  const tokenizerDir = values.tokenizer ?? process.env.PROMPTJAM_BENCH_TOKENIZER ?? (existsSync(join(sharedClip, 'vocab.json')) ? sharedClip : join(modelDir, 'tokenizer'));
  const frames = Number(values.frames ?? 30);

  // Overhead first: the tokenizer's cold-cache pass leaves garbage whose collection would land in the frames.
  const overhead = await measureEngineOverhead({ modelDir, frames });
  const tokenizer = await measureTokenizerThroughput(tokenizerDir);
  const result = {
    benchmark: 'diffusion',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage1m: loadavg()[0] },
    targets: { overheadMedianMs: OVERHEAD_TARGET_MEDIAN_MS, tokenizerPromptsPerSecond: TOKENIZER_TARGET_PROMPTS_PER_S },
    tokenizer,
    overhead,
  };
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'diffusion-bench.json');
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);

  const pass = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  const rows: Array<[string, string, string, string]> = [
    ['tokenizer, warm word cache', `${tokenizer.warmPromptsPerSecond} prompts/s`, `>= ${TOKENIZER_TARGET_PROMPTS_PER_S}`, pass(tokenizer.warmPromptsPerSecond >= TOKENIZER_TARGET_PROMPTS_PER_S)],
    ['tokenizer, cold word cache', `${tokenizer.coldPromptsPerSecond} prompts/s`, '(info)', ''],
    [`overhead, cache hit (${overhead.width}x${overhead.height})`, `${overhead.cacheHit.medianMs} ms median, p90 ${overhead.cacheHit.p90Ms}`, `<= ${OVERHEAD_TARGET_MEDIAN_MS} ms`, pass(overhead.cacheHit.medianMs <= OVERHEAD_TARGET_MEDIAN_MS)],
    ['overhead, cache miss', `${overhead.cacheMiss.medianMs} ms median, p90 ${overhead.cacheMiss.p90Ms}`, `<= ${OVERHEAD_TARGET_MEDIAN_MS} ms`, pass(overhead.cacheMiss.medianMs <= OVERHEAD_TARGET_MEDIAN_MS)],
    ...(overhead.workerCacheHit ? [['overhead, cache hit via worker', `${overhead.workerCacheHit.medianMs} ms median, p90 ${overhead.workerCacheHit.p90Ms}`, '(info)', ''] as [string, string, string, string]] : []),
    ['session.run per frame (model)', `${overhead.onnxRunMedianMs} ms median`, '(info)', ''],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  process.stdout.write(
    `diffusion bench: ${overhead.modelName} on ${overhead.provider}, ${frames} frames per case, load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores\n`,
  );
  for (const row of rows) process.stdout.write(`  ${row[0].padEnd(widths[0]!)}  ${row[1].padEnd(widths[1]!)}  ${row[2].padEnd(widths[2]!)}  ${row[3]}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`diffusion bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
