import type { SchedulerConfig, TimestepSpacing } from './schedulerConfig.js';

/**
 * The training noise schedule as sigmas: `sigma_t = sqrt((1 - alphaBar_t) / alphaBar_t)` with
 * `alphaBar_t = prod_{s<=t} (1 - beta_s)`. `scaled_linear` (Stable Diffusion) spaces sqrt(beta)
 * linearly. Computed in float64; SDXL Turbo's sigma at t=999 is 14.6146.
 */
export function trainingSigmas(config: SchedulerConfig): Float64Array {
  const n = config.numTrainTimesteps;
  const sigmas = new Float64Array(n);
  let alphaBar = 1;
  for (let t = 0; t < n; t++) {
    const fraction = n === 1 ? 0 : t / (n - 1);
    const beta =
      config.betaSchedule === 'scaled_linear'
        ? (Math.sqrt(config.betaStart) + fraction * (Math.sqrt(config.betaEnd) - Math.sqrt(config.betaStart))) ** 2
        : config.betaStart + fraction * (config.betaEnd - config.betaStart);
    alphaBar *= 1 - beta;
    sigmas[t] = Math.sqrt((1 - alphaBar) / alphaBar);
  }
  return sigmas;
}

/**
 * Inference timesteps, highest first, as diffusers computes them:
 * - trailing: `round(arange(N, 0, -N/steps)) - 1` (always starts at N-1: 999, 499 for 2 steps)
 * - leading:  `arange(steps) * (N // steps)` reversed, plus `steps_offset`
 * - linspace: `linspace(0, N-1, steps)` reversed
 */
export function inferenceTimesteps(numTrain: number, steps: number, spacing: TimestepSpacing, stepsOffset: number): Float64Array {
  const out = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    if (spacing === 'trailing') {
      // numpy rounds half to even; the values here are never exact halves except by construction, keep parity anyway.
      out[i] = roundHalfEven(numTrain - (i * numTrain) / steps) - 1;
    } else if (spacing === 'leading') {
      out[i] = (steps - 1 - i) * Math.floor(numTrain / steps) + stepsOffset;
    } else {
      out[i] = steps === 1 ? 0 : ((numTrain - 1) * (steps - 1 - i)) / (steps - 1);
    }
  }
  return out;
}

/** numpy's `interp` of the training sigmas at (possibly fractional) timesteps. */
export function interpolateSigma(sigmas: Float64Array, timestep: number): number {
  const last = sigmas.length - 1;
  if (timestep <= 0) return sigmas[0]!;
  if (timestep >= last) return sigmas[last]!;
  const low = Math.floor(timestep);
  const frac = timestep - low;
  return sigmas[low]! * (1 - frac) + sigmas[low + 1]! * frac;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
