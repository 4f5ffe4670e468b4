/**
 * The benchmark run: prepares the models, starts the servers under test in child processes, runs each
 * scenario against its same-run baseline, judges the figures against the issues' targets, and writes
 * `<outDir>/<mode>.json`, `<outDir>/<mode>.md` and the SVG plots. A scenario that fails is recorded in the
 * notes and the run goes on, so one broken part never hides the others' figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevicePreference } from '@promptjam/diffusion';
import type { BenchScenarios, KeystrokeScenario } from './benchScenarios.js';
import { benchPlan, GPU_FRAME_COST_MS, LARGE_FRAME_PARAMS, LARGE_FRAME_QUALITY, SLOW_CONSUMER_BYTES_PER_SECOND, type BenchMode, type ScenarioName } from './benchConfig.js';
import { BENCH_DEBOUNCE_MS, startBareServer, startPromptjamServer } from './benchServer.js';
import { collectMachineInfo, describeMachine } from './machineInfo.js';
import { prepareGpuCostModel, prepareRealCostModel } from './modelPrep.js';
import { renderPlots } from './plots.js';
import { renderMarkdownReport } from './report.js';
import { RESULTS_SCHEMA_VERSION, writeResultsArtefact, writeResultsFile, type BenchResults } from './resultsWriter.js';
import type { BenchLog, BenchTarget } from './scenarios/benchTarget.js';
import { measureBareRelay } from './scenarios/bareRelay.js';
import { runEngineScenario } from './scenarios/engineOverhead.js';
import { runFanout } from './scenarios/fanout.js';
import { runGpuBreakdown } from './scenarios/gpuBreakdown.js';
import { runKeystrokeConfig } from './scenarios/keystrokeToFrame.js';
import { growIdleClients, growIdleRooms } from './scenarios/scale.js';
import { runSlowConsumer } from './scenarios/slowConsumer.js';
import type { ServerProcess } from './ServerProcess.js';
import { round } from './stats.js';
import { evaluateTargets, type TargetId } from './targets.js';


/** What `promptjam bench` asked for. */
export interface BenchOptions {
  mode: BenchMode;
  /** Where results go (bench-results/ at the repository root by default). */
  outDir: string;
  /** The repository, for the git commit. */
  repoDir: string;
  scenarios: readonly ScenarioName[];
  /** An already running server (ws://host:port); its memory and lag cannot be sampled. */
  url?: string;
  /** The external server's debounce, ms (ignored for self-started servers, which use the default). */
  externalDebounceMs?: number;
  /** A real model folder for the engine scenario and the GPU breakdown. */
  modelDir?: string;
  device: DevicePreference;
  log: BenchLog;
}

/** Runs the benchmark and writes its outputs; resolves with the results. */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const { log } = options;
  const plan = benchPlan(options.mode);
  const machine = collectMachineInfo(options.repoDir);
  const startedAt = new Date().toISOString();
  const scenarios: BenchScenarios = {};
  const notes: string[] = [];
  const measured: Partial<Record<TargetId, { value: number; note: string }>> = {};
  const wanted = new Set(options.scenarios);
  const workDir = await mkdtemp(join(tmpdir(), 'promptjam-bench-'));
  const started: ServerProcess[] = [];
  log(`promptjam bench (${options.mode}) on ${describeMachine(machine)}`);
  if (!machine.gpu) notes.push('No GPU is present on this machine: every engine figure is CPU, and GPU figures need --model DIR --device cuda on a CUDA host.');

  const attempt = async <T>(name: string, body: () => Promise<T>): Promise<T | null> => {
    log(`${name}:`);
    try {
      return await body();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      notes.push(`${name} failed: ${message.split('\n')[0]}`);
      log(`  FAILED: ${message}`);
      return null;
    }
  };
  const startTarget = async (spec: Parameters<typeof startPromptjamServer>[0]): Promise<BenchTarget> => {
    if (options.url) return { url: options.url.replace(/\/$/, ''), process: null, debounceMs: options.externalDebounceMs ?? BENCH_DEBOUNCE_MS, modelLabel: 'external server' };
    const target = await startPromptjamServer(spec, log);
    started.push(target.process!);
    return target;
  };
  const stopTarget = async (target: BenchTarget): Promise<void> => {
    if (target.process) await target.process.close();
  };

  try {
    const realCostDir = await prepareRealCostModel();
    const realLabel = 'tiny model, real cost';
    if (wanted.has('engine')) {
      scenarios.engine = await attempt('1. engine overhead and tokenizer', async () => {
        const engine = await runEngineScenario(options.modelDir ?? realCostDir, plan.engineFrames, options.repoDir, log);
        const o = engine.overhead;
        measured.engineOverheadMs = { value: o.cacheMiss.medianMs, note: `${o.modelName} on ${o.provider}, ${o.width}x${o.height}, text-cache miss median (hit: ${o.cacheHit.medianMs} ms)` };
        measured.tokenizerPromptsPerSecond = { value: engine.tokenizer.coldPromptsPerSecond, note: `first-seen prompts, ${engine.tokenizer.source}; warm ${engine.tokenizer.warmPromptsPerSecond}/s` };
        return engine;
      });
      scenarios.gpu = await attempt('GPU figures', async () => {
        const gpu = await runGpuBreakdown(options.modelDir, options.device, plan.engineFrames);
        log(`  ${gpu.gpu ? 'GPU' : 'NO GPU'}: ${gpu.reason}`);
        if (!gpu.gpu) notes.push(`GPU figures: ${gpu.reason}`);
        return gpu;
      });
    }
    const bare = wanted.has('keystroke') || wanted.has('fanout') || wanted.has('scale') ? await startBareServer(log) : null;
    if (bare) started.push(bare);
    const keystroke: KeystrokeScenario = { realCost: [], gpuCost: [], baseline: [], calibration: null };
    if (wanted.has('keystroke') && bare) {
      scenarios.keystroke = keystroke;
      await attempt(`2a. keystroke to frame (${realLabel})`, async () => {
        const target = await startTarget({ modelDir: realCostDir, modelLabel: realLabel });
        try {
          for (const config of plan.keystrokeRealCost) {
            keystroke.realCost.push(await runKeystrokeConfig(target, config, `real-${config.rooms}x${config.clientsPerRoom}`, log));
            if (config.clientsPerRoom > 1) {
              const relay = await measureBareRelay(bare.url, config.rooms, config.clientsPerRoom, Math.min(2_000, config.typingMs), `${config.rooms}x${config.clientsPerRoom}`);
              keystroke.baseline.push({ rooms: config.rooms, clientsPerRoom: config.clientsPerRoom, keystrokeToPeerMs: relay });
              log(`    bare ws relay keystroke-to-peer: p50 ${relay?.p50.toFixed(2) ?? 'n/a'} ms, p95 ${relay?.p95.toFixed(2) ?? 'n/a'} ms`);
            }
          }
        } finally {
          await stopTarget(target);
        }
      });
      if (options.url) notes.push('2b skipped: with --url the server runs its own model, so the GPU-cost model cannot be swapped in.');
      else await attempt(`2b. keystroke to frame (tiny model scaled to ~${GPU_FRAME_COST_MS} ms, an SDXL Turbo GPU frame)`, async () => {
        const { dir, calibration } = await prepareGpuCostModel(workDir, GPU_FRAME_COST_MS, realCostDir);
        keystroke.calibration = calibration;
        log(`  calibrated costScale ${calibration.costScale}: ${calibration.measuredMs} ms per frame (real cost ${calibration.realCostMs} ms)`);
        const target = await startTarget({ modelDir: dir, modelLabel: `tiny model scaled to ${Math.round(calibration.measuredMs)} ms` });
        try {
          for (const config of plan.keystrokeGpuCost) {
            keystroke.gpuCost.push(await runKeystrokeConfig(target, config, `gpu-${config.rooms}x${config.clientsPerRoom}`, log));
          }
        } finally {
          await stopTarget(target);
        }
      });
      const reference = keystroke.realCost.find((r) => r.rooms === 20 && r.clientsPerRoom === 50);
      if (reference?.figures.overhead) {
        measured.keystrokeOverheadP95Ms = {
          value: round(reference.figures.overhead.p95),
          note: `20 rooms x 50 clients, ${realLabel}; excluding waits for the shared engine the p95 is ${reference.figures.overheadExcludingQueue?.p95.toFixed(1) ?? 'n/a'} ms`,
        };
      }
      const lags = [...keystroke.realCost, ...keystroke.gpuCost].filter((r) => r.serverLag);
      if (lags.length > 0) {
        const worst = lags.reduce((a, b) => (b.serverLag!.p99Ms > a.serverLag!.p99Ms ? b : a));
        measured.eventLoopLagP99Ms = { value: round(worst.serverLag!.p99Ms), note: `worst keystroke run: ${worst.rooms} rooms x ${worst.clientsPerRoom} clients, ${worst.model}` };
      }
    }
    if (wanted.has('fanout') && bare) {
      scenarios.fanout = await attempt('3. fan-out of one ~60 KB frame', async () => {
        const target = await startTarget({ modelDir: realCostDir, modelLabel: realLabel, imageQuality: LARGE_FRAME_QUALITY });
        try {
          const points = await runFanout(target, bare, { clientCounts: plan.fanoutClients, trials: plan.fanoutTrials, params: LARGE_FRAME_PARAMS }, log);
          const at200 = points.find((p) => p.clients === 200);
          if (at200 && at200.ratio !== null) {
            measured.fanoutRatio = {
              value: round(at200.ratio, 2),
              note: `${at200.frameBytes} B frame, median of ${at200.trials} trials: ${at200.promptjamLastMs} ms vs bare ${at200.bareLastMs} ms; from engine done (upper bound) ${at200.promptjamFromEngineMs} ms = x${at200.fromEngineRatio?.toFixed(2) ?? 'n/a'}`,
            };
          }
          return { params: LARGE_FRAME_PARAMS, imageQuality: LARGE_FRAME_QUALITY, points };
        } finally {
          await stopTarget(target);
        }
      });
    }
    if (wanted.has('slow')) {
      scenarios.slowConsumer = await attempt('5. slow consumer', async () => {
        const target = await startTarget({ modelDir: realCostDir, modelLabel: realLabel, imageQuality: LARGE_FRAME_QUALITY });
        try {
          return await runSlowConsumer(target, plan.slowConsumerClients, plan.slowConsumerTypingMs, SLOW_CONSUMER_BYTES_PER_SECOND, LARGE_FRAME_PARAMS, log);
        } finally {
          await stopTarget(target);
        }
      });
    }
    if (wanted.has('scale') && options.url) notes.push('4 skipped: memory is sampled inside the server process, which an external --url server does not expose.');
    if (wanted.has('scale') && bare && !options.url) {
      scenarios.scale = await attempt('4. scale: memory per idle client and per idle room', async () => {
        const target = await startTarget({ modelDir: realCostDir, modelLabel: realLabel });
        try {
          const idleClients = await growIdleClients(target.process!, plan.idleClientSteps, plan.idleClientRooms, true, log);
          const bareIdleClients = await growIdleClients(bare, plan.idleClientSteps, plan.idleClientRooms, false, log);
          const idleRooms = await growIdleRooms(target.process!, plan.idleRoomSteps, log);
          const kb = (bytes: number) => round(bytes / 1024, 1);
          measured.idleClientKB = {
            value: kb(idleClients.heapExternalBytesPerUnit),
            note: `heap + external, slope up to ${plan.idleClientSteps.at(-1)} clients (JS heap alone ${kb(idleClients.heapBytesPerUnit)} KB, r2 ${idleClients.heapFitR2}); bare ws ${kb(bareIdleClients.heapExternalBytesPerUnit)} KB`,
          };
          measured.idleRoomKB = {
            value: kb(idleRooms.heapExternalBytesPerUnit),
            note: `heap + external, slope up to ${plan.idleRoomSteps.at(-1)} rooms with a prompt and a last frame, no clients (JS heap alone ${kb(idleRooms.heapBytesPerUnit)} KB, r2 ${idleRooms.heapFitR2})`,
          };
          return { idleClients, bareIdleClients, idleRooms, clientRooms: plan.idleClientRooms };
        } finally {
          await stopTarget(target);
        }
      });
    }
  } finally {
    for (const child of started) await child.close().catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
  }

  const results: BenchResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    mode: options.mode,
    machine,
    startedAt,
    finishedAt: new Date().toISOString(),
    config: { plan, debounceMs: BENCH_DEBOUNCE_MS, gpuFrameCostMs: GPU_FRAME_COST_MS, scenarios: [...wanted], url: options.url ?? null, modelDir: options.modelDir ?? null, device: options.device },
    scenarios,
    targets: evaluateTargets(measured),
    notes,
  };
  const jsonPath = await writeResultsFile(options.outDir, options.mode, results);
  await writeResultsArtefact(options.outDir, `${options.mode}.md`, renderMarkdownReport(results));
  for (const plot of renderPlots(results)) await writeResultsArtefact(options.outDir, `${options.mode}-${plot.name}.svg`, plot.svg);
  log(`results: ${jsonPath}`);
  return results;
}
