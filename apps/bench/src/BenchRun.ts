/**
 * One benchmark run's state and its scenarios, one method each: the servers it started (closed at the end, even
 * after a failure), the figures judged against the targets, and the notes. A scenario that throws is recorded in
 * the notes and the run goes on, so one broken part never hides the others' figures.
 */
import os from 'node:os';
import { basename } from 'node:path';
import type { BenchOptions, BenchPlan, ScenarioName } from './benchConfig.js';
import { BATCHING_MAX_BATCH, GPU_FRAME_COST_MS, PREVIEW_ROOM_STEPS, LARGE_FRAME_PARAMS, LARGE_FRAME_QUALITY, SLOW_CONSUMER_BYTES_PER_SECOND } from './benchConfig.js';
import type { BenchScenarios, KeystrokeScenario } from './benchScenarios.js';
import { BENCH_DEBOUNCE_MS, startBareServer, startPromptjamServer, type PromptjamServerSpec } from './benchServer.js';
import { prepareGpuCostModel } from './modelPrep.js';
import { measureBareRelay } from './scenarios/bareRelay.js';
import type { BenchTarget } from './scenarios/benchTarget.js';
import { runBatchingPoint, type BatchingScenario, type BatchingVariant } from './scenarios/batching.js';
import { CLUSTER_MEMBERS, runClusterScenario } from './scenarios/cluster.js';
import { runEngineScenario } from './scenarios/engineOverhead.js';
import { runFanout } from './scenarios/fanout.js';
import { runGpuBreakdown } from './scenarios/gpuBreakdown.js';
import { runKeystrokeConfig } from './scenarios/keystrokeToFrame.js';
import { growIdleClients, growIdleRooms } from './scenarios/scale.js';
import { measureSketchRaster } from './scenarios/sketchRaster.js';
import { runSlowConsumer } from './scenarios/slowConsumer.js';
import { runStrokeConfig } from './scenarios/strokeToPeer.js';
import { runTimelapseScenario } from './scenarios/timelapse.js';
import { runWordListScenario } from './scenarios/wordList.js';
import type { ServerProcess } from './ServerProcess.js';
import { ratio, round } from './stats.js';
import type { TargetId } from './targets.js';

const REAL_COST_LABEL = 'tiny model, real cost';
const kb = (bytes: number): number => round(bytes / 1024, 1);

/** See the module comment. */
export class BenchRun {
  readonly scenarios: BenchScenarios = {};
  readonly notes: string[] = [];
  readonly measured: Partial<Record<TargetId, { value: number; note: string }>> = {};
  private readonly started: ServerProcess[] = [];
  private bare: ServerProcess | null = null;

  constructor(
    private readonly options: BenchOptions,
    private readonly plan: BenchPlan,
    /** The demo model folder (the tiny model at its real cost). */
    private readonly realCostDir: string,
    /** Scratch folder for the calibrated models. */
    private readonly workDir: string,
  ) {}

  private wants(name: ScenarioName): boolean {
    return this.options.scenarios.includes(name);
  }

  private async attempt<T>(name: string, body: () => Promise<T>): Promise<T | null> {
    this.options.log(`${name}:`);
    try {
      return await body();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.notes.push(`${name} failed: ${message.split('\n')[0]}`);
      this.options.log(`  FAILED: ${message}`);
      return null;
    }
  }

  /** Runs `body` against a promptjam server started for it (or the external `--url` one), then stops it. */
  private async withTarget<T>(spec: PromptjamServerSpec, body: (target: BenchTarget) => Promise<T>): Promise<T> {
    const { url, externalDebounceMs, log } = this.options;
    if (url) return body({ url: url.replace(/\/$/, ''), process: null, debounceMs: externalDebounceMs ?? BENCH_DEBOUNCE_MS, modelLabel: 'external server' });
    const target = await startPromptjamServer(spec, log);
    this.started.push(target.process!);
    try {
      return await body(target);
    } finally {
      await target.process!.close();
    }
  }

  private async bareServer(): Promise<ServerProcess> {
    if (!this.bare) {
      this.bare = await startBareServer(this.options.log);
      this.started.push(this.bare);
    }
    return this.bare;
  }

  /** Runs every scenario asked for, in order, then closes every server it started. */
  async runAll(): Promise<void> {
    try {
      if (this.wants('engine')) await this.engine();
      if (this.wants('gpu')) await this.gpu();
      if (this.wants('keystroke')) await this.keystroke();
      if (this.wants('fanout')) await this.fanout();
      if (this.wants('slow')) await this.slowConsumer();
      if (this.wants('scale')) await this.scale();
      if (this.wants('batching')) await this.batching();
      if (this.wants('words')) await this.wordList();
      if (this.wants('strokes')) await this.strokes();
      if (this.wants('timelapse')) await this.timelapse();
      if (this.options.cluster === true) await this.cluster();
    } finally {
      for (const child of this.started) await child.close().catch(() => undefined);
    }
  }

  /** 1: engine overhead, tokenizer and sketch rasterising. */
  private async engine(): Promise<void> {
    const { modelDir, repoDir, log } = this.options;
    this.scenarios.engine = await this.attempt('1. engine overhead and tokenizer', async () => {
      const engine = await runEngineScenario(modelDir ?? this.realCostDir, this.plan.engineFrames, repoDir, log);
      const o = engine.overhead;
      this.measured.engineOverheadMs = { value: round(o.cacheMiss.medianMs, 2), note: `${o.modelName} on ${o.provider}, ${o.width}x${o.height}, text-cache miss median (hit: ${o.cacheHit.medianMs} ms)` };
      this.measured.tokenizerPromptsPerSecond = { value: engine.tokenizer.coldPromptsPerSecond, note: `first-seen prompts, ${engine.tokenizer.source}; warm ${engine.tokenizer.warmPromptsPerSecond}/s` };
      return engine;
    });
    this.scenarios.sketch = await this.attempt('1b. sketch rasterising (img2img input)', async () => {
      const sketch = await measureSketchRaster(this.plan.engineFrames, log);
      const engineMs = this.scenarios.engine?.overhead.onnxRunMedianMs;
      const beside = engineMs === undefined ? '' : `; the engine's session.run p50 beside it: ${round(engineMs, 2)} ms`;
      this.measured.sketchRasterMs = {
        value: round(sketch.incrementalMs.p50, 2),
        note: `${sketch.strokes} strokes / ${sketch.points} points, Skia, raw RGBA out; typical (a room drawing: only the active stroke redrawn), p95 ${round(sketch.incrementalMs.p95, 2)} ms; worst (full redraw after undo/erase/clear) p50 ${round(sketch.fullMs.p50, 2)} ms, p95 ${round(sketch.fullMs.p95, 2)} ms${beside}`,
      };
      return sketch;
    });
  }

  /** The GPU stage breakdown and the typing sweep on `--model` (or why there is none). */
  private async gpu(): Promise<void> {
    const { modelDir, device, log } = this.options;
    this.scenarios.gpu = await this.attempt('GPU figures', async () => {
      const gpu = await runGpuBreakdown(modelDir, device, this.plan.engineFrames, this.options.webgpu ? { webgpu: this.options.webgpu } : {});
      log(`  ${gpu.gpu ? 'GPU' : 'NO GPU'}: ${gpu.reason}`);
      if (!gpu.gpu) this.notes.push(`GPU figures: ${gpu.reason}`);
      return gpu;
    });
  }

  /** 2: the keystroke grid at the real cost (with the bare relay baseline), then at the GPU-frame cost. */
  private async keystroke(): Promise<void> {
    const { log } = this.options;
    const keystroke: KeystrokeScenario = { realCost: [], gpuCost: [], baseline: [], calibration: null };
    this.scenarios.keystroke = keystroke;
    await this.attempt(`2a. keystroke to frame (${REAL_COST_LABEL})`, async () => {
      const bare = await this.bareServer();
      await this.withTarget({ modelDir: this.realCostDir, modelLabel: REAL_COST_LABEL }, async (target) => {
        for (const config of this.plan.keystrokeRealCost) {
          const tag = `${config.rooms}x${config.clientsPerRoom}`;
          keystroke.realCost.push(await runKeystrokeConfig(target, config, `real-${tag}`, log));
          if (config.clientsPerRoom < 2) continue;
          const relay = await measureBareRelay(bare.url, config.rooms, config.clientsPerRoom, Math.min(2_000, config.typingMs), tag);
          keystroke.baseline.push({ rooms: config.rooms, clientsPerRoom: config.clientsPerRoom, keystrokeToPeerMs: relay });
          log(`    bare ws relay keystroke-to-peer: p50 ${relay?.p50.toFixed(2) ?? 'n/a'} ms, p95 ${relay?.p95.toFixed(2) ?? 'n/a'} ms`);
        }
      });
    });
    if (this.options.url) this.notes.push('2b skipped: with --url the server runs its own model, so the GPU-cost model cannot be swapped in.');
    else {
      await this.attempt(`2b. keystroke to frame (tiny model scaled to ~${GPU_FRAME_COST_MS} ms, an SDXL Turbo GPU frame)`, async () => {
        const { dir, calibration } = await prepareGpuCostModel(this.workDir, GPU_FRAME_COST_MS, this.realCostDir);
        keystroke.calibration = calibration;
        log(`  calibrated costScale ${calibration.costScale}: ${calibration.measuredMs} ms per frame (real cost ${calibration.realCostMs} ms)`);
        await this.withTarget({ modelDir: dir, modelLabel: `tiny model scaled to ${Math.round(calibration.measuredMs)} ms` }, async (target) => {
          for (const config of this.plan.keystrokeGpuCost) keystroke.gpuCost.push(await runKeystrokeConfig(target, config, `gpu-${config.rooms}x${config.clientsPerRoom}`, log));
        });
      });
    }
    const reference = keystroke.realCost.find((r) => r.rooms === 20 && r.clientsPerRoom === 50);
    if (reference?.figures.overhead) {
      this.measured.keystrokeOverheadP95Ms = {
        value: round(reference.figures.overhead.p95, 1),
        note: `20 rooms x 50 clients, ${REAL_COST_LABEL}; excluding waits for the shared engine the p95 is ${reference.figures.overheadExcludingQueue?.p95.toFixed(1) ?? 'n/a'} ms`,
      };
    }
    if (reference?.figures.overheadExcludingQueue) {
      const f = reference.figures;
      this.measured.keystrokeOverheadExcludingEngineP95Ms = {
        value: round(f.overheadExcludingQueue!.p95, 1),
        note: `20 rooms x 50 clients, ${REAL_COST_LABEL}; the engine is saturated: typists asked ${Math.round(f.keystrokesPerSecondPerRoom * 20)} frames/s, it made ${f.framesPerSecond.toFixed(0)}; excluded: each frame's wait for the engine's previous render in any room and, for a keystroke typed during its room's render, for that render (keystrokeLatency.ts)`,
      };
    }
    if (reference?.figures.delivery) {
      this.measured.deliveryP95Ms = {
        value: round(reference.figures.delivery.p95, 1),
        note: `20 busy rooms x 50 clients, ${REAL_COST_LABEL}: arrival at each client minus (startedAt + genMs)`,
      };
    }
    // Judged at the issues' load (up to 20 rooms x 50 clients); heavier full-mode points are in the tables.
    const lagged = [...keystroke.realCost, ...keystroke.gpuCost].filter((r) => r.serverLag !== null && r.rooms <= 20 && r.clientsPerRoom <= 50);
    if (lagged.length > 0) {
      const worst = lagged.reduce((a, b) => (b.serverLag!.p99Ms > a.serverLag!.p99Ms ? b : a));
      this.measured.eventLoopLagP99Ms = {
        value: round(worst.serverLag!.p99Ms, 1),
        note: `worst keystroke run up to 20 rooms x 50 clients: ${worst.rooms} rooms x ${worst.clientsPerRoom} clients, ${worst.model}`,
      };
    }
  }

  /** 3: fan-out of one ~60 KB frame against the bare broadcast. */
  private async fanout(): Promise<void> {
    this.scenarios.fanout = await this.attempt('3. fan-out of one ~60 KB frame', async () => {
      const bare = await this.bareServer();
      const spec = { modelDir: this.realCostDir, modelLabel: REAL_COST_LABEL, imageQuality: LARGE_FRAME_QUALITY };
      const points = await this.withTarget(spec, (target) =>
        runFanout(target, bare, { clientCounts: this.plan.fanoutClients, trials: this.plan.fanoutTrials, params: LARGE_FRAME_PARAMS }, this.options.log),
      );
      const at200 = points.find((p) => p.clients === 200);
      if (at200 && at200.ratio !== null) {
        this.measured.fanoutRatio = {
          value: round(at200.ratio, 2),
          note: `${at200.frameBytes} B frame, median of ${at200.trials} trials: ${at200.promptjamLastMs} ms vs bare ${at200.bareLastMs} ms; from engine done (upper bound) ${at200.promptjamFromEngineMs} ms = x${at200.fromEngineRatio?.toFixed(2) ?? 'n/a'}`,
        };
      }
      return { params: LARGE_FRAME_PARAMS, imageQuality: LARGE_FRAME_QUALITY, points };
    });
  }

  /** 5: one slow consumer among many. */
  private async slowConsumer(): Promise<void> {
    this.scenarios.slowConsumer = await this.attempt('5. slow consumer', () =>
      this.withTarget({ modelDir: this.realCostDir, modelLabel: REAL_COST_LABEL, imageQuality: LARGE_FRAME_QUALITY }, (target) =>
        runSlowConsumer(target, this.plan.slowConsumerClients, this.plan.slowConsumerTypingMs, SLOW_CONSUMER_BYTES_PER_SECOND, LARGE_FRAME_PARAMS, this.options.log),
      ),
    );
  }

  /** 9: stroke points against keystrokes in the same rooms at once, and the bare relay for the same rooms and clients. */
  private async strokes(): Promise<void> {
    const { log } = this.options;
    this.scenarios.strokes = await this.attempt(`9. stroke point to peer vs keystroke to peer (${REAL_COST_LABEL})`, async () => {
      const bare = await this.bareServer();
      const results = await this.withTarget({ modelDir: this.realCostDir, modelLabel: REAL_COST_LABEL }, async (target) => {
        const out = [];
        for (const config of this.plan.strokes) out.push(await runStrokeConfig(target, config, `${config.rooms}x${config.clientsPerRoom}`, log));
        return out;
      });
      for (const result of results) {
        result.bareKeystrokeToPeer = await measureBareRelay(bare.url, result.rooms, result.clientsPerRoom, Math.min(2_000, result.drawingMs), `stroke-${result.rooms}x${result.clientsPerRoom}`);
        log(`    bare ws relay keystroke-to-peer: p50 ${result.bareKeystrokeToPeer?.p50.toFixed(2) ?? 'n/a'} ms, p95 ${result.bareKeystrokeToPeer?.p95.toFixed(2) ?? 'n/a'} ms`);
      }
      const judged = results.at(-1);
      const stroke = judged?.strokePointToPeer;
      const key = judged?.keystrokeToPeer;
      if (judged && stroke && key && key.p95 > 0) {
        this.measured.strokeVsKeystrokeP95Ratio = {
          value: round(stroke.p95 / key.p95, 2),
          note: `${judged.rooms} rooms x ${judged.clientsPerRoom} clients: stroke point p95 ${round(stroke.p95, 1)} ms vs keystroke p95 ${round(key.p95, 1)} ms; bare ws ${round(judged.bareKeystrokeToPeer?.p95 ?? Number.NaN, 1)} ms`,
        };
      }
      return results;
    });
  }

  /** 7: the word-list check, in this process (it runs before the engine on every render). */
  private async wordList(): Promise<void> {
    this.scenarios.wordList = await this.attempt('7. word list', async () => {
      const result = runWordListScenario(this.plan.wordListChecks, this.options.log);
      this.measured.wordListCheckMs = {
        value: round(result.checkMs.p50, 3),
        note: `${result.entries} entries, ${result.promptChars} chars, p95 ${round(result.checkMs.p95, 3)} ms; one regex per entry: ${round(result.baselineMs.p50, 2)} ms (x${result.speedup})`,
      };
      return result;
    });
  }

  /** 10: a 10-minute jam's timelapse, kept and exported by the server's own parts, in this process. */
  private async timelapse(): Promise<void> {
    this.scenarios.timelapse = await this.attempt('10. timelapse export (600 frames)', async () => {
      const result = await runTimelapseScenario(this.plan.timelapseTrials, this.options.log, () => os.loadavg()[0] ?? 0);
      const note = `${result.frames} frames, ${Math.round(result.historyBytes / 1024)} KiB of thumbnails, load ${round(result.loadAverage1m, 2)}`;
      this.measured.timelapseWebpExportMs = { value: Math.round(result.webpMs.p50), note: `${note}; ${Math.round(result.webpBytes / 1024)} KiB WebP` };
      this.measured.timelapseGifExportMs = { value: Math.round(result.gifMs.p50), note: `${note}; ${Math.round(result.gifBytes / 1024)} KiB GIF` };
      return result;
    });
  }

  /** 6: typing rooms against servers that differ in one setting (batching; previews), run side by side and in turn. */
  private async batching(): Promise<void> {
    if (this.options.url) {
      this.notes.push('6 skipped: comparing server settings needs servers started with different options.');
      return;
    }
    const { batchingRooms, previewRooms, batchingTypingMs } = this.plan;
    const steps = { steps: PREVIEW_ROOM_STEPS };
    const variants: BatchingVariant[] = [
      { name: 'max batch 1', baseline: null, serverOptions: { maxBatch: 1 }, rooms: batchingRooms, fanout: true },
      { name: `max batch ${BATCHING_MAX_BATCH}`, baseline: 'max batch 1', serverOptions: { maxBatch: BATCHING_MAX_BATCH }, rooms: batchingRooms, fanout: true },
      { name: `${PREVIEW_ROOM_STEPS} steps, previews off`, baseline: null, serverOptions: { maxBatch: 1, refinePauseMs: 0 }, roomParams: steps, rooms: previewRooms },
      { name: `${PREVIEW_ROOM_STEPS} steps, previews on`, baseline: `${PREVIEW_ROOM_STEPS} steps, previews off`, serverOptions: { maxBatch: 1 }, roomParams: steps, rooms: previewRooms },
    ];
    this.scenarios.batching = await this.attempt(`6. cross-room batching and previews (${this.batchingModel().label})`, async () => {
      const targets = new Map<string, BenchTarget>();
      try {
        return await this.compareVariants(variants, targets, batchingTypingMs);
      } finally {
        for (const target of targets.values()) await target.process!.close().catch(() => undefined);
      }
    });
  }

  /**
   * The batching scenario's model: the demo model at its real cost on the CPU, or with `--model` that folder on
   * `--device` (and `--preview-decoder`), so the same table runs on a GPU host with the real model.
   */
  private batchingModel(): { dir: string; label: string; serverOptions: Record<string, unknown> } {
    const { modelDir, device, previewDecoder } = this.options;
    if (modelDir === undefined) return { dir: this.realCostDir, label: REAL_COST_LABEL, serverOptions: {} };
    return {
      dir: modelDir,
      label: `${basename(modelDir)} on ${device}${previewDecoder !== undefined ? `, preview decoder ${basename(previewDecoder)}` : ''}`,
      serverOptions: { device, ...(previewDecoder !== undefined ? { previewDecoder } : {}) },
    };
  }

  /** Starts one server per variant (into `targets`), then runs every room count on each variant in turn. */
  private async compareVariants(variants: readonly BatchingVariant[], targets: Map<string, BenchTarget>, typingMs: number): Promise<BatchingScenario> {
    const model = this.batchingModel();
    for (const variant of variants) {
      const options = { ...model.serverOptions, ...variant.serverOptions };
      const target = await startPromptjamServer({ modelDir: model.dir, modelLabel: `${model.label}, ${variant.name}`, options }, this.options.log);
      this.started.push(target.process!);
      targets.set(variant.name, target);
    }
    const result: BatchingScenario = { model: model.label, typingMs, points: [] };
    const roomCounts = [...new Set(variants.flatMap((v) => v.rooms))].sort((x, y) => x - y);
    for (const rooms of roomCounts) {
      for (const variant of variants.filter((v) => v.rooms.includes(rooms))) {
        result.points.push(await runBatchingPoint(targets.get(variant.name)!, variant, rooms, 1, typingMs, this.options.log));
      }
    }
    const { rooms: fanoutRooms, clientsPerRoom } = this.plan.batchingFanout;
    for (const variant of variants.filter((v) => v.fanout === true)) {
      result.points.push(await runBatchingPoint(targets.get(variant.name)!, variant, fanoutRooms, clientsPerRoom, typingMs, this.options.log));
    }
    this.judgeFanoutPoint(result, model.label);
    const p95At20 = (variant: string) => result.points.find((p) => p.rooms === 20 && p.clientsPerRoom === 1 && p.variant === variant)?.editToStartMs?.p95;
    const [off20, on20] = [p95At20('max batch 1'), p95At20(`max batch ${BATCHING_MAX_BATCH}`)];
    if (off20 !== undefined && on20 !== undefined && off20 > 0) {
      this.measured.batchedEditToStartRatio = { value: round(on20 / off20, 2), note: `edit-to-start p95 ${round(on20, 0)} ms with batching vs ${round(off20, 0)} ms without, 20 rooms, ${model.label}` };
    }
    return result;
  }

  /**
   * Without scenario 2 in the run, the overhead and delivery targets are judged on the batching scenario's fan-out
   * point (same rooms and clients, one typist per room) on the server's own default batch limit on this machine
   * (`auto`: 4 on a GPU, 1 on the CPU), so `--scenarios batching` alone gives the whole issue-14 table.
   */
  private judgeFanoutPoint(result: BatchingScenario, modelLabel: string): void {
    const { rooms, clientsPerRoom } = this.plan.batchingFanout;
    const defaultVariant = this.options.modelDir !== undefined && this.options.device !== 'cpu' ? `max batch ${BATCHING_MAX_BATCH}` : 'max batch 1';
    const point = result.points.find((p) => p.rooms === rooms && p.clientsPerRoom === clientsPerRoom && p.variant === defaultVariant);
    if (!point) return;
    const where = `${rooms} rooms x ${clientsPerRoom} clients, ${modelLabel}, ${defaultVariant} (batching scenario)`;
    if (this.measured.keystrokeOverheadP95Ms === undefined && point.overheadMs) {
      this.measured.keystrokeOverheadP95Ms = { value: round(point.overheadMs.p95, 1), note: `${where}; excluding waits for the shared engine the p95 is ${point.overheadExcludingQueueMs?.p95.toFixed(1) ?? 'n/a'} ms` };
    }
    if (this.measured.keystrokeOverheadExcludingEngineP95Ms === undefined && point.overheadExcludingQueueMs) {
      this.measured.keystrokeOverheadExcludingEngineP95Ms = {
        value: round(point.overheadExcludingQueueMs.p95, 1),
        note: `${where}, ${point.framesPerSecond.toFixed(0)} frames/s summed; excluded: each frame's wait for the engine's previous render in any room and, for a keystroke typed during its room's render, for that render (keystrokeLatency.ts)`,
      };
    }
    if (this.measured.deliveryP95Ms === undefined && point.deliveryMs) {
      this.measured.deliveryP95Ms = { value: round(point.deliveryMs.p95, 1), note: `${where}: arrival at each client minus (startedAt + genMs)` };
    }
  }

  /** 8 (`--cluster`): one room's load on one server, then with its clients spread over three cluster members. */
  private async cluster(): Promise<void> {
    if (this.options.url) {
      this.notes.push('8 skipped: the cluster comparison starts its own Redis and members.');
      return;
    }
    const config = this.plan.cluster;
    this.scenarios.cluster = await this.attempt(`8. cluster: 1 room x ${config.clientsPerRoom} clients on one server, then over ${CLUSTER_MEMBERS} members (${REAL_COST_LABEL})`, async () => {
      const start = async (label: string, options: Record<string, unknown>) => {
        const target = await startPromptjamServer({ modelDir: this.realCostDir, modelLabel: `${REAL_COST_LABEL}, ${label}`, options }, this.options.log);
        this.started.push(target.process!);
        return target;
      };
      const result = await runClusterScenario(start, REAL_COST_LABEL, config, this.options.log);
      const [one, many] = [result.single.figures, result.cluster.figures];
      const overheadRatio = one.overhead && many.overhead ? ratio(many.overhead.p95, one.overhead.p95) : null;
      if (overheadRatio !== null) {
        const deliveryRatio = one.delivery && many.delivery ? ratio(many.delivery.p95, one.delivery.p95) : null;
        this.measured.clusterOverheadRatio = {
          value: round(overheadRatio, 2),
          note: `overhead p95 ${round(many.overhead!.p95, 1)} ms over ${CLUSTER_MEMBERS} members vs ${round(one.overhead!.p95, 1)} ms on one server; fan-out (delivery) p95 ${round(many.delivery?.p95 ?? Number.NaN, 1)} vs ${round(one.delivery?.p95 ?? Number.NaN, 1)} ms (x${deliveryRatio === null ? 'n/a' : round(deliveryRatio, 2)})`,
        };
      }
      const checked = result.cluster.uniqueness;
      this.measured.clusterFramesRenderedTwice = {
        value: checked.frames === 0 ? Number.NaN : checked.renderedTwice.length,
        note: `${checked.frames} frame seqs received by ${config.clientsPerRoom} clients on ${CLUSTER_MEMBERS} members${checked.renderedTwice.length > 0 ? `; rendered twice: seq ${checked.renderedTwice.slice(0, 10).join(', ')}` : ''}`,
      };
      return result;
    });
  }

  /** 4: memory per idle client (against bare ws) and per idle loaded room. */
  private async scale(): Promise<void> {
    if (this.options.url) {
      this.notes.push('4 skipped: memory is sampled inside the server process, which an external --url server does not expose.');
      return;
    }
    const { plan } = this;
    this.scenarios.scale = await this.attempt('4. scale: memory per idle client and per idle room', async () => {
      const bare = await this.bareServer();
      return this.withTarget({ modelDir: this.realCostDir, modelLabel: REAL_COST_LABEL }, async (target) => {
        const idleClients = await growIdleClients(target.process!, plan.idleClientSteps, plan.idleClientRooms, true, this.options.log);
        const bareIdleClients = await growIdleClients(bare, plan.idleClientSteps, plan.idleClientRooms, false, this.options.log);
        const idleRooms = await growIdleRooms(target.process!, plan.idleRoomSteps, this.options.log);
        this.measured.idleClientKB = {
          value: kb(idleClients.heapExternalBytesPerUnit),
          note: `heap + external, slope up to ${plan.idleClientSteps.at(-1)} clients (JS heap alone ${kb(idleClients.heapBytesPerUnit)} KB, r2 ${idleClients.heapFitR2}); bare ws ${kb(bareIdleClients.heapExternalBytesPerUnit)} KB`,
        };
        this.measured.idleRoomKB = {
          value: kb(idleRooms.heapExternalBytesPerUnit),
          note: `heap + external, slope up to ${plan.idleRoomSteps.at(-1)} rooms with a prompt and a last frame, no clients (JS heap alone ${kb(idleRooms.heapBytesPerUnit)} KB, r2 ${idleRooms.heapFitR2})`,
        };
        return { idleClients, bareIdleClients, idleRooms, clientRooms: plan.idleClientRooms };
      });
    });
  }
}
