/**
 * The diffusion noise schedule shared by SDXL Turbo and SD Turbo (scaled_linear betas from 0.00085 to 0.012 over
 * 1000 training steps). The tiny UNet embeds the resulting sigma table so that it can act as a consistent
 * denoiser at whatever timesteps the engine's scheduler picks.
 */

/** Number of training timesteps (scheduler_config num_train_timesteps). */
export const NUM_TRAIN_TIMESTEPS = 1000;
/** scheduler_config beta_start. */
export const BETA_START = 0.00085;
/** scheduler_config beta_end. */
export const BETA_END = 0.012;

/** sigma(t) = sqrt((1 - alphaCumprod(t)) / alphaCumprod(t)) for t = 0..999 (sigma(999) is about 14.6146). */
export function trainingSigmas(): Float64Array {
  const sigmas = new Float64Array(NUM_TRAIN_TIMESTEPS);
  const start = Math.sqrt(BETA_START);
  const end = Math.sqrt(BETA_END);
  let alphaCumprod = 1;
  for (let t = 0; t < NUM_TRAIN_TIMESTEPS; t++) {
    const beta = (start + ((end - start) * t) / (NUM_TRAIN_TIMESTEPS - 1)) ** 2;
    alphaCumprod *= 1 - beta;
    sigmas[t] = Math.sqrt((1 - alphaCumprod) / alphaCumprod);
  }
  return sigmas;
}
