import { OnnxDataType } from '../onnx/onnxSchema.js';
import { GraphBuilder, type Dim } from '../onnx/GraphBuilder.js';
import { BATCH_DIM, LATENT_CHANNELS, LATENT_HEIGHT_DIM, LATENT_WIDTH_DIM, type TinyModelSpec } from '../modelSpec.js';
import { NUM_TRAIN_TIMESTEPS, trainingSigmas } from '../noiseSchedule.js';
import type { SeededRandom } from '../SeededRandom.js';
import { MODEL_MAX_LENGTH } from '../tokenizer/tokenizerFiles.js';
import { buildCostBlocks } from './costBlocks.js';
import { buildPromptField } from './promptField.js';

/**
 * Latent cells averaged per low-pass cell along each axis (16 latents = 128 px: a 512 px image has 4x4 blobs).
 * The seed's visible contribution is the noise averaged over these cells, then smoothly upsampled.
 */
export const LOW_PASS_CELL_LATENTS = 16;

/**
 * Weight of the seed's smooth field in the final picture (the rest is the prompt's field). The engine starts
 * from pure noise at sigma_max = 14.6146, so this is c(sigma_max) below.
 */
export const SEED_WEIGHT_AT_MAX_SIGMA = 0.65;
/** sigma(999) of the training schedule (where every Turbo generation starts). */
const SIGMA_MAX = 14.6146;

/**
 * unet/model.onnx: a tiny but consistent epsilon-predicting denoiser. With sigma = sigma(timestep) from the
 * embedded training schedule, it rebuilds the noisy latent L = sample * sqrt(sigma^2 + 1) and estimates
 *   x0 = P + c(sigma) * lowpass(L - P),   c(sigma) = 1 / (1 + gamma * sigma)
 * where P is the prompt's smooth field and lowpass averages k x k cells and upsamples them bicubically. It
 * returns eps = (L - x0) / sigma. This c is the one for which a deterministic Euler step keeps x0 unchanged at
 * the next sigma (c2 = c1 / (c1 + (s2/s1)(1 - c1)) holds exactly), so 1, 2 or 4 steps give the same picture:
 * P + c(sigma_max) * lowpass(noise * sigma_max - P). Smooth, prompt-coloured, seed-shaped.
 */
export function buildUnet(spec: TinyModelSpec, random: SeededRandom): Uint8Array {
  const g = new GraphBuilder('unet', spec.dtype);
  const latentShape: Dim[] = [BATCH_DIM, LATENT_CHANNELS, LATENT_HEIGHT_DIM, LATENT_WIDTH_DIM];
  const sample = g.input('sample', spec.dtype, latentShape);
  const timestepShape = { scalar: [], one: [1], batch: [BATCH_DIM] }[spec.timestepShape];
  const timestep = g.input('timestep', spec.timestepType, timestepShape);
  const encoderHiddenStates = g.input('encoder_hidden_states', spec.dtype, [
    BATCH_DIM,
    MODEL_MAX_LENGTH,
    spec.crossAttentionDim,
  ]);
  let textEmbeds: { value: string; dim: number } | undefined;
  let timeIds: string | undefined;
  if (spec.pooledDim !== undefined) {
    textEmbeds = { value: g.input('text_embeds', spec.dtype, [BATCH_DIM, spec.pooledDim]), dim: spec.pooledDim };
    timeIds = g.input('time_ids', spec.dtype, [BATCH_DIM, 6]);
  }

  const sampleShape = g.op('Shape', [sample]);
  const sigma = sigmaOf(g, timestep);
  const latents = g.op('Mul', [sample, g.op('Sqrt', [g.op('Add', [g.op('Mul', [sigma, sigma]), g.scalar('one', 1)])])]);
  const fieldInputs = { encoderHiddenStates, sampleShape, textEmbeds, timeIds };
  const field = buildPromptField(g, fieldInputs, random.fork('prompt'), spec.crossAttentionDim);

  const gamma = (1 / SEED_WEIGHT_AT_MAX_SIGMA - 1) / SIGMA_MAX;
  const scaledSigma = g.op('Mul', [sigma, g.scalar('gamma', gamma)]);
  const seedWeight = g.op('Reciprocal', [g.op('Add', [g.scalar('one_b', 1), scaledSigma])]);
  // Low-pass the deviation from P, not L itself: P has finer detail than the cells, and lowpass(P) != P would
  // make later steps drift away from the prompt.
  const deviation = lowPass(g, g.op('Sub', [latents, field]), sampleShape);
  let x0 = g.op('Add', [field, g.op('Mul', [seedWeight, deviation])]);
  x0 = buildCostBlocks(g, x0, spec.costScale, random.fork('cost'));
  const eps = g.op('Div', [g.op('Sub', [latents, x0]), sigma]);
  g.output(eps, 'out_sample', spec.dtype, latentShape);
  return g.toBytes(`tiny UNet2DConditionModel (${spec.type}, ${spec.dtype}, costScale ${spec.costScale})`);
}

/** sigma for any timestep input ([], [1] or [B]; float or int) as [T,1,1,1], T in {1, B}. */
function sigmaOf(g: GraphBuilder, timestep: string): string {
  return g.scoped('sigma', () => {
    const asFloat = g.op('Cast', [timestep], { to: OnnxDataType.float32 });
    const tMax = g.scalar('t_max', NUM_TRAIN_TIMESTEPS - 1);
    const clipped = g.op('Clip', [g.op('Round', [asFloat]), g.scalar('t_min', 0), tMax]);
    const asIndex = g.op('Cast', [clipped], { to: OnnxDataType.int64 });
    const index = g.op('Reshape', [asIndex, g.int64('per_sample', [-1, 1, 1, 1])]);
    const table = g.weight('sigma_table', trainingSigmas(), [NUM_TRAIN_TIMESTEPS]);
    return g.op('Gather', [table, index], { axis: 0 });
  });
}

/** Averages k x k latent cells (partial cells at the edges count what they have) and upsamples them bicubically. */
function lowPass(g: GraphBuilder, latents: string, sampleShape: string): string {
  return g.scoped('low_pass', () => {
    const k = LOW_PASS_CELL_LATENTS;
    const cells = g.op('AveragePool', [latents], { kernel_shape: [k, k], strides: [k, k], ceil_mode: 1 });
    return g.op('Resize', [cells, '', '', sampleShape], {
      mode: 'cubic',
      coordinate_transformation_mode: 'half_pixel',
    });
  });
}
