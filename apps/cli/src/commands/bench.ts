import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIO_NAMES as SCENARIOS, type ScenarioName } from '@promptjam/bench/plan';
import { UsageError, type Command } from '../command.js';
import { DEVICE_VALUE_NAME, parseDeviceOption, parseWebGpuOptions, WEBGPU_FLAGS } from '../deviceOption.js';

/** The repository root: the nearest folder above this file holding pnpm-workspace.yaml (else the working directory). */
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth += 1) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

function parseScenarios(raw: string): ScenarioName[] {
  const names = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const name of names) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new UsageError(`--scenarios: expected a comma-separated subset of ${SCENARIOS.join(',')}, got '${name}'`);
  }
  if (names.length === 0) throw new UsageError(`--scenarios: expected at least one of ${SCENARIOS.join(',')}`);
  return names as ScenarioName[];
}

/**
 * `promptjam bench`: the load harness. Starts the server under test (or uses `--url`), runs the scenarios
 * against same-run baselines and writes JSON, markdown and SVG plots to bench-results/. Progress goes to
 * stderr, the markdown report to stdout.
 */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'Measure engine overhead, keystroke-to-frame latency, fan-out, memory and slow consumers against baselines',
  usage: '[--quick] [options]',
  options: {
    quick: { type: 'boolean', description: 'Quick mode: under two minutes on a 2-core machine (default: full mode, ~10 minutes)' },
    scenarios: { type: 'string', valueName: 'list', description: `Scenarios to run (default: ${SCENARIOS.join(',')}, or none with --cluster)` },
    cluster: { type: 'boolean', description: 'Also run the cluster comparison: one server vs three members on a Redis it starts (needs redis-server)' },
    url: { type: 'string', valueName: 'ws://host:port', description: 'Benchmark an already running server instead of starting one (no memory or lag figures)' },
    'debounce-ms': { type: 'string', default: '30', valueName: 'ms', description: "With --url: that server's debounce, subtracted from latency" },
    model: { type: 'string', valueName: 'dir', description: 'A real model folder for the engine scenario, the GPU stage breakdown and the batching scenario' },
    device: { type: 'string', default: 'auto', valueName: DEVICE_VALUE_NAME, description: 'Execution provider for the GPU stage breakdown and, with --model, the batching scenario' },
    'preview-decoder': { type: 'string', valueName: 'auto|off|dir', description: "With --model: the batching servers' preview decoder (the server's --preview-decoder; default auto)" },
    ...WEBGPU_FLAGS,
    out: { type: 'string', valueName: 'dir', description: 'Results folder (default: bench-results/ at the repository root)' },
  },
  async run({ values }) {
    const device = parseDeviceOption(values.device);
    const webgpu = parseWebGpuOptions(values);
    const debounceMs = Number(values['debounce-ms']);
    if (!Number.isInteger(debounceMs) || debounceMs < 0) throw new UsageError(`--debounce-ms must be a non-negative integer, got '${String(values['debounce-ms'])}'`);
    const url = values.url as string | undefined;
    if (url !== undefined && !/^wss?:\/\/[^/]+\/?$/.test(url)) throw new UsageError(`--url must look like ws://host:port, got '${url}'`);
    const modelDir = values.model === undefined ? undefined : resolve(values.model as string);
    if (modelDir !== undefined && !existsSync(join(modelDir, 'model_index.json'))) throw new UsageError(`--model: expected a model folder with model_index.json, found none in '${modelDir}'`);
    const previewDecoder = values['preview-decoder'] as string | undefined;
    if (previewDecoder !== undefined && modelDir === undefined) throw new UsageError('--preview-decoder needs --model: the demo model always uses its own preview_decoder/');
    const cluster = values.cluster === true;
    const repoDir = findRepoRoot();
    // Imported on use: the harness loads the engine, y-websocket and the load clients, which other commands do not need.
    const { runBench, renderMarkdownReport } = await import('@promptjam/bench');
    const results = await runBench({
      mode: values.quick === true ? 'quick' : 'full',
      outDir: values.out === undefined ? join(repoDir, 'bench-results') : resolve(values.out as string),
      repoDir,
      scenarios: values.scenarios === undefined ? (cluster ? [] : [...SCENARIOS]) : parseScenarios(values.scenarios as string),
      cluster,
      ...(url !== undefined ? { url, externalDebounceMs: debounceMs } : {}),
      ...(modelDir !== undefined ? { modelDir } : {}),
      ...(previewDecoder !== undefined ? { previewDecoder: ['auto', 'off'].includes(previewDecoder) ? previewDecoder : resolve(previewDecoder) } : {}),
      device,
      ...(webgpu ? { webgpu } : {}),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${renderMarkdownReport(results)}\n`);
    const failed = results.notes.filter((n) => n.includes(' failed: '));
    return failed.length > 0 ? 1 : 0;
  },
};
