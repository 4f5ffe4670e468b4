/**
 * GPU figures: the per-stage breakdown of one frame (tokenize, each text encoder, each UNet step, VAE decode, image
 * encode) on a real model folder, with the load time and each session's creation and first-run times, printed next
 * to the published references. Host<->GPU copies happen inside onnxruntime's `run` and are part of each stage's time.
 * On a host where the engine runs on the CPU it says so plainly instead of printing CPU numbers under a GPU heading.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type DevicePreference, type WebGpuOptions } from '@promptjam/diffusion';
import { PREVIEW_DECODER_FOLDER } from '@promptjam/models';
import { detectGpu } from '../machineInfo.js';
import { round, summarize } from '../stats.js';
import { runBatchSweep, type BatchSweepRow } from './batchSweep.js';
import { NOT_STAGES } from './stageTimings.js';

/** Published SDXL Turbo frame times the breakdown is set against. */
export const GPU_REFERENCES = [
  { name: 'SDXL Turbo, 1 step, 512x512, A100 fp16, end-to-end (Stability AI)', steps: 1, ms: 207 },
  { name: 'SDXL Turbo, 4 steps, 512x512, H100 TensorRT (NVIDIA)', steps: 4, ms: 83.8 },
] as const;

/** Median per-stage times for one step count. */
export interface StageBreakdown {
  steps: number;
  /** Decoded with the tiny preview decoder (the typing frame) instead of the full VAE. */
  preview: boolean;
  frames: number;
  /** Median ms per stage, as the engine reports them. */
  stagesMs: Record<string, number>;
  genMsP50: number;
  genMsP95: number;
}

/** One session's start: onnxruntime's creation and its first run (the load's warm-up), ms. */
export interface SessionStartupRow {
  session: string;
  createMs: number;
  firstRunMs: number | null;
}

/** Whether a GPU ran the model, and the breakdowns next to the references. */
export interface GpuBreakdownResult {
  /** False when no GPU ran the model; `reason` says why. */
  gpu: boolean;
  reason: string;
  provider: string | null;
  modelName: string | null;
  /** Wall time of the whole load (sessions in parallel, checks, warm-up), ms. */
  loadMs: number | null;
  startup: SessionStartupRow[];
  breakdowns: StageBreakdown[];
  /** Typing frames of B rooms per engine turn (see {@link runBatchSweep}); empty when no model ran. */
  batches: BatchSweepRow[];
  /** The WebGPU provider options the sessions were created with (onnxruntime's defaults when absent). */
  webgpu?: WebGpuOptions;
  references: typeof GPU_REFERENCES;
}

/** How the breakdown runs beyond the device. */
export interface GpuBreakdownOptions {
  /** WebGPU provider options (layout, validation, graph capture); default onnxruntime's. */
  webgpu?: WebGpuOptions;
  /** Batch sizes of the typing sweep; default {@link DEFAULT_SWEEP_BATCH_SIZES}. */
  batchSizes?: readonly number[];
}

/** The typing sweep's batch sizes: issue 14's room counts up to the 8 rooms of its GPU target. */
export const DEFAULT_SWEEP_BATCH_SIZES = [1, 2, 4, 8] as const;

const STAGE_ORDER = ['tokenize', 'textEncode', 'textEncoder1', 'textEncoder2', 'prepareLatents', 'unetStep1', 'unetStep2', 'unetStep3', 'unetStep4', 'decode', 'decodePreview', 'encode'];


function stageRank(stage: string): number {
  const index = STAGE_ORDER.indexOf(stage);
  return index === -1 ? STAGE_ORDER.length : index;
}

/** Runs the breakdown for 1 and 4 steps (and 1 step with the preview decoder, when the folder has one) on `modelDir` with `device`; never throws for a missing GPU. */
export async function runGpuBreakdown(modelDir: string | undefined, device: DevicePreference, frames: number, options: GpuBreakdownOptions = {}): Promise<GpuBreakdownResult> {
  const { webgpu, batchSizes = DEFAULT_SWEEP_BATCH_SIZES } = options;
  const base = { provider: null, modelName: null, loadMs: null, startup: [], breakdowns: [], batches: [], references: GPU_REFERENCES, ...(webgpu ? { webgpu } : {}) };
  const gpuName = detectGpu();
  if (!modelDir) {
    return { ...base, gpu: false, reason: `no --model given${gpuName ? '' : ' and no GPU present on this machine (nvidia-smi finds none)'}; run with --model DIR --device webgpu (or cuda) on a GPU host` };
  }
  let engine;
  const loadStarted = performance.now();
  try {
    // A model folder's own preview_decoder/ (the GPU check's pipelines and the demo have one) adds the typing frame.
    const previewDir = join(modelDir, PREVIEW_DECODER_FOLDER);
    engine = await createEngine({ modelDir, device, thread: 'inline', ...(existsSync(previewDir) ? { previewDecoderDir: previewDir } : {}), ...(webgpu ? { webgpu } : {}) });
  } catch (error) {
    return { ...base, gpu: false, reason: `no GPU present or usable: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    const loadMs = round(performance.now() - loadStarted);
    const startup = Object.entries(engine.info.sessionStartup ?? {}).map(([session, s]) => ({ session, createMs: round(s.createMs), firstRunMs: s.firstRunMs === undefined ? null : round(s.firstRunMs) }));
    const gpu = engine.info.provider !== 'cpu';
    const breakdowns: StageBreakdown[] = [];
    const variants = [{ steps: 1, preview: false }, { steps: 4, preview: false }, ...(engine.info.previewDecoder ? [{ steps: 1, preview: true }] : [])];
    for (const { steps, preview } of variants) {
      const samples: Record<string, number[]> = {};
      const gen: number[] = [];
      for (let i = 0; i < frames; i += 1) {
        // A new prompt every frame (and per variant), as while people type: the text encoders run each time.
        const result = await engine.generate({ prompt: `a lighthouse on a cliff at dusk, frame ${i}, ${steps} step(s)${preview ? ', preview' : ''}`, seed: i, steps, width: 512, height: 512, preview });
        gen.push(result.genMs);
        for (const [stage, ms] of Object.entries(result.timings)) (samples[stage] ??= []).push(ms);
      }
      const stagesMs = Object.fromEntries(
        Object.entries(samples)
          .filter(([stage]) => !NOT_STAGES.has(stage))
          .sort(([a], [b]) => stageRank(a) - stageRank(b))
          .map(([stage, values]) => [stage, round(summarize(values).p50)]),
      );
      const g = summarize(gen);
      breakdowns.push({ steps, preview, frames, stagesMs, genMsP50: round(g.p50), genMsP95: round(g.p95) });
    }
    // Typing rooms rendered together: a few rounds per size, after one that warms the size's shapes.
    const batches = await runBatchSweep(engine, batchSizes, Math.max(2, Math.ceil(frames / 3)));
    const reason = gpu
      ? `ran on ${engine.info.provider}${gpuName ? ` (${gpuName})` : ''}`
      : `no GPU present: the engine runs on ${engine.info.provider}${engine.info.providerNote ? ` (${engine.info.providerNote})` : ''}; these are CPU figures, not comparable with the GPU references`;
    return { ...base, gpu, reason, provider: engine.info.provider, modelName: engine.info.modelName, loadMs, startup, breakdowns, batches };
  } finally {
    await engine.dispose();
  }
}
