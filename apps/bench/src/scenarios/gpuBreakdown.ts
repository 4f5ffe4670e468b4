/**
 * GPU figures: the per-stage breakdown of one frame (tokenize, text encode, each UNet step, VAE decode, image
 * encode) on a real model folder, printed next to the published references. On a host without CUDA it says so
 * plainly instead of printing CPU numbers under a GPU heading.
 */
import { createEngine, type DevicePreference } from '@promptjam/diffusion';
import { detectGpu } from '../machineInfo.js';
import { round, summarize } from '../stats.js';

/** Published SDXL Turbo frame times the breakdown is set against. */
export const GPU_REFERENCES = [
  { name: 'SDXL Turbo, 1 step, 512x512, A100 fp16, end-to-end (Stability AI)', steps: 1, ms: 207 },
  { name: 'SDXL Turbo, 4 steps, 512x512, H100 TensorRT (NVIDIA)', steps: 4, ms: 83.8 },
] as const;

/** Median per-stage times for one step count. */
export interface StageBreakdown {
  steps: number;
  frames: number;
  /** Median ms per stage, as the engine reports them. */
  stagesMs: Record<string, number>;
  genMsP50: number;
  genMsP95: number;
}

/** Whether a GPU ran the model, and the breakdowns next to the references. */
export interface GpuBreakdownResult {
  /** False when no GPU ran the model; `reason` says why. */
  gpu: boolean;
  reason: string;
  provider: string | null;
  modelName: string | null;
  breakdowns: StageBreakdown[];
  references: typeof GPU_REFERENCES;
}

const STAGE_ORDER = ['tokenize', 'textEncode', 'prepareLatents', 'unetStep1', 'unetStep2', 'unetStep3', 'unetStep4', 'decode', 'encode'];

function stageRank(stage: string): number {
  const index = STAGE_ORDER.indexOf(stage);
  return index === -1 ? STAGE_ORDER.length : index;
}

/** Runs the breakdown for 1 and 4 steps on `modelDir` with `device`; never throws for a missing GPU. */
export async function runGpuBreakdown(modelDir: string | undefined, device: DevicePreference, frames: number): Promise<GpuBreakdownResult> {
  const base = { provider: null, modelName: null, breakdowns: [], references: GPU_REFERENCES };
  const gpuName = detectGpu();
  if (!modelDir) {
    return { ...base, gpu: false, reason: `no --model given${gpuName ? '' : ' and no GPU present on this machine (nvidia-smi finds none)'}; run with --model DIR --device cuda on a CUDA host` };
  }
  let engine;
  try {
    engine = await createEngine({ modelDir, device, thread: 'inline' });
  } catch (error) {
    return { ...base, gpu: false, reason: `no GPU present or usable: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    const gpu = engine.info.provider === 'cuda';
    const breakdowns: StageBreakdown[] = [];
    for (const steps of [1, 4]) {
      const samples: Record<string, number[]> = {};
      const gen: number[] = [];
      for (let i = 0; i < frames; i += 1) {
        const result = await engine.generate({ prompt: `a lighthouse on a cliff at dusk, frame ${i}`, seed: i, steps, width: 512, height: 512 });
        gen.push(result.genMs);
        for (const [stage, ms] of Object.entries(result.timings)) (samples[stage] ??= []).push(ms);
      }
      const stagesMs = Object.fromEntries(
        Object.entries(samples)
          .filter(([stage]) => stage !== 'textCacheHit')
          .sort(([a], [b]) => stageRank(a) - stageRank(b))
          .map(([stage, values]) => [stage, round(summarize(values).p50)]),
      );
      const g = summarize(gen);
      breakdowns.push({ steps, frames, stagesMs, genMsP50: round(g.p50), genMsP95: round(g.p95) });
    }
    const reason = gpu
      ? `ran on ${engine.info.provider}${gpuName ? ` (${gpuName})` : ''}`
      : `no GPU present: the engine runs on ${engine.info.provider}${engine.info.providerNote ? ` (${engine.info.providerNote})` : ''}; these are CPU figures, not comparable with the GPU references`;
    return { gpu, reason, provider: engine.info.provider, modelName: engine.info.modelName, breakdowns, references: GPU_REFERENCES };
  } finally {
    await engine.dispose();
  }
}
