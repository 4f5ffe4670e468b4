/**
 * The benchmark run: prepares the models, runs each scenario against its same-run baseline (see BenchRun),
 * judges the figures against the issues' targets, and writes `<outDir>/<mode>.json`, `<outDir>/<mode>.md` and
 * the SVG plots.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPlan, GPU_FRAME_COST_MS, type BenchOptions } from './benchConfig.js';
import { BenchRun } from './BenchRun.js';
import { BENCH_DEBOUNCE_MS } from './benchServer.js';
import { collectMachineInfo, describeMachine } from './machineInfo.js';
import { prepareRealCostModel } from './modelPrep.js';
import { renderPlots } from './plots.js';
import { renderMarkdownReport } from './report.js';
import { RESULTS_SCHEMA_VERSION, writeResultsArtefact, writeResultsFile, type BenchResults } from './resultsWriter.js';
import { evaluateTargets } from './targets.js';

/** Runs the benchmark and writes its outputs; resolves with the results. */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const plan = benchPlan(options.mode);
  const machine = collectMachineInfo(options.repoDir);
  const startedAt = new Date().toISOString();
  options.log(`promptjam bench (${options.mode}) on ${describeMachine(machine)}`);
  const workDir = await mkdtemp(join(tmpdir(), 'promptjam-bench-'));
  let run: BenchRun;
  try {
    run = new BenchRun(options, plan, await prepareRealCostModel(), workDir);
    if (!machine.gpu) run.notes.push('No GPU is present on this machine: every engine figure is CPU, and GPU figures need --model DIR --device cuda on a CUDA host.');
    await run.runAll();
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const results: BenchResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    mode: options.mode,
    machine,
    startedAt,
    finishedAt: new Date().toISOString(),
    config: {
      plan,
      debounceMs: BENCH_DEBOUNCE_MS,
      gpuFrameCostMs: GPU_FRAME_COST_MS,
      scenarios: [...options.scenarios],
      url: options.url ?? null,
      modelDir: options.modelDir ?? null,
      device: options.device,
    },
    scenarios: run.scenarios,
    targets: evaluateTargets(run.measured),
    notes: run.notes,
  };
  const jsonPath = await writeResultsFile(options.outDir, options.mode, results);
  await writeResultsArtefact(options.outDir, `${options.mode}.md`, renderMarkdownReport(results));
  for (const plot of await renderPlots(results)) await writeResultsArtefact(options.outDir, `${options.mode}-${plot.name}.svg`, plot.svg);
  options.log(`results: ${jsonPath}`);
  return results;
}
