/**
 * The two models the server-side scenarios run: the tiny demo model at its real (tiny) cost, and the same
 * tiny model with its `costScale` knob calibrated on this machine so one frame costs what SDXL Turbo costs on
 * a data-centre GPU (~175 ms), so the scheduler is measured at realistic model times.
 */
import { join } from 'node:path';
import { createEngine } from '@promptjam/diffusion';
import { ensureDemoModel, writeTinyModel } from '@promptjam/models';
import { round, summarize } from './stats.js';

/** Frames timed per calibration point. */
const CALIBRATION_FRAMES = 4;
/** The two costScale values the cost line is fitted through. */
const CALIBRATION_LOW_SCALE = 2;
const CALIBRATION_HIGH_SCALE = 12;
/**
 * Ceiling of the calibrated scale (the models package allows up to its own MAX_COST_SCALE): a fit that asks for
 * more means the machine is too slow to reach the target frame time, and a bench run stays bounded.
 */
const MAX_CALIBRATED_COST_SCALE = 64;

/** What calibration found. */
export interface CostCalibration {
  targetMs: number;
  costScale: number;
  /** Median genMs of a default frame (512x512, 1 step, new prompt each frame) at the chosen scale. */
  measuredMs: number;
  /** Median genMs at scale 0 (the demo model's real cost). */
  realCostMs: number;
  msPerScaleUnit: number;
}

async function writeModel(dir: string, costScale: number): Promise<string> {
  // The demo model's variant (SDXL layout, float32, with vae_encoder) with extra UNet compute.
  await writeTinyModel({ dir, type: 'sdxl', dtype: 'float32', withVaeEncoder: true, costScale, displayName: `tiny sdxl, costScale ${costScale}` });
  return dir;
}

/** Median engine time of a default frame on `dir` (a fresh prompt each frame, as typing gives). */
async function medianFrameMs(dir: string, frames = CALIBRATION_FRAMES): Promise<number> {
  const engine = await createEngine({ modelDir: dir, device: 'cpu', thread: 'inline' });
  try {
    const times: number[] = [];
    for (let i = 0; i < frames; i += 1) {
      times.push((await engine.generate({ prompt: `calibration frame ${i}, a red fox in snow`, seed: i, steps: 1, width: 512, height: 512 })).genMs);
    }
    return summarize(times).p50;
  } finally {
    await engine.dispose();
  }
}

/** The real-cost model: the embedded demo model itself (generated on first use). */
export async function prepareRealCostModel(): Promise<string> {
  return ensureDemoModel();
}

/**
 * Writes tiny models at two scales, fits frame time against scale, and writes the model whose predicted
 * frame time is `targetMs`, then measures it. Returns the folder and the calibration.
 */
export async function prepareGpuCostModel(workDir: string, targetMs: number, realCostDir: string): Promise<{ dir: string; calibration: CostCalibration }> {
  const realCostMs = await medianFrameMs(realCostDir);
  const low = await medianFrameMs(await writeModel(join(workDir, `tiny-scale-${CALIBRATION_LOW_SCALE}`), CALIBRATION_LOW_SCALE));
  const high = await medianFrameMs(await writeModel(join(workDir, `tiny-scale-${CALIBRATION_HIGH_SCALE}`), CALIBRATION_HIGH_SCALE));
  const msPerScaleUnit = Math.max(0.1, (high - low) / (CALIBRATION_HIGH_SCALE - CALIBRATION_LOW_SCALE));
  const costScale = Math.min(MAX_CALIBRATED_COST_SCALE, Math.max(0, Math.round(CALIBRATION_LOW_SCALE + (targetMs - low) / msPerScaleUnit)));
  const dir = await writeModel(join(workDir, `tiny-scale-${costScale}`), costScale);
  const measuredMs = await medianFrameMs(dir);
  return { dir, calibration: { targetMs, costScale, measuredMs: round(measuredMs), realCostMs: round(realCostMs), msPerScaleUnit: round(msPerScaleUnit) } };
}
