import type { HostTensor, TensorSpec } from '../ort/hostTensor.js';
import { buildTensor } from '../ort/hostTensor.js';
import type { SeededRandom } from '../random/SeededRandom.js';

/** The VAE downsamples by 8 in each direction: a 512x512 image has 64x64 latents. */
export const VAE_SCALE_FACTOR = 8;

/** Latent dims [1, C, H/8, W/8] for an image size. */
export function latentDims(channels: number, width: number, height: number): [number, number, number, number] {
  return [1, channels, height / VAE_SCALE_FACTOR, width / VAE_SCALE_FACTOR];
}

/**
 * Step 3, as diffusers' `prepare_latents` for text-to-image: standard normal noise from the request's
 * seeded stream, scaled by the scheduler's `initNoiseSigma` (14.6146 for trailing spacing).
 */
export function prepareLatents(random: SeededRandom, count: number, initNoiseSigma: number): Float32Array {
  const latents = random.fillNormal(new Float32Array(count));
  for (let i = 0; i < count; i++) latents[i] = latents[i]! * initNoiseSigma;
  return latents;
}

/**
 * Step 4 (SDXL only), diffusers' `_get_add_time_ids`: original size, crop top-left and target size,
 * `[H, W, 0, 0, H, W]`, in the UNet's `time_ids` dtype.
 */
export function addTimeIds(spec: TensorSpec, width: number, height: number): HostTensor {
  return buildTensor(spec, [height, width, 0, 0, height, width], [1, 6]);
}
