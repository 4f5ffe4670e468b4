import { InvalidRequestError } from '../errors.js';
import type { SeededRandom } from '../random/SeededRandom.js';
import { inferenceTimesteps, interpolateSigma, trainingSigmas } from './noiseSchedule.js';
import type { SchedulerConfig } from './schedulerConfig.js';

/**
 * Euler method for the probability-flow ODE in sigma space (Karras et al. 2022, algorithm 2 without
 * churn), as diffusers' `EulerDiscreteScheduler` (SD Turbo). Unlike diffusers, steps are addressed by
 * index (`stepIndex` 0..steps-1) instead of by looking the timestep up, which keeps img2img explicit.
 * Coefficients are float64; latents stay float32 (as diffusers upcasts to float32).
 */
export class EulerDiscreteScheduler {
  /** Inference timesteps, highest first (e.g. [999, 499]); fed to the UNet. */
  timesteps: Float64Array = new Float64Array(0);
  /** Sigma per inference step plus a final 0. */
  sigmas: Float64Array = new Float64Array(1);
  protected readonly trainSigmas: Float64Array;

  constructor(readonly config: SchedulerConfig) {
    this.trainSigmas = trainingSigmas(config);
  }

  /** Number of inference steps after {@link setTimesteps}. */
  get numInferenceSteps(): number {
    return this.timesteps.length;
  }

  /** Standard deviation of the initial noise: the largest sigma (diffusers' rule for trailing/linspace). */
  get initNoiseSigma(): number {
    const max = this.sigmas.reduce((a, b) => Math.max(a, b), 0);
    return this.config.timestepSpacing === 'leading' ? Math.sqrt(max * max + 1) : max;
  }

  /** Chooses `steps` timesteps and their sigmas (interpolated linearly from the training schedule). */
  setTimesteps(steps: number): void {
    if (!Number.isInteger(steps) || steps < 1 || steps > this.config.numTrainTimesteps) {
      throw new InvalidRequestError('bad step count', `an integer in [1, ${this.config.numTrainTimesteps}]`, String(steps));
    }
    const { numTrainTimesteps, timestepSpacing, stepsOffset } = this.config;
    this.timesteps = inferenceTimesteps(numTrainTimesteps, steps, timestepSpacing, stepsOffset);
    this.sigmas = new Float64Array(steps + 1);
    this.timesteps.forEach((t, i) => (this.sigmas[i] = interpolateSigma(this.trainSigmas, t)));
  }

  /** Divides the latents by `sqrt(sigma^2 + 1)` so the UNet sees unit-variance input. Returns a new array. */
  scaleModelInput(sample: Float32Array, stepIndex: number): Float32Array {
    const sigma = this.sigmaAt(stepIndex);
    const scale = 1 / Math.sqrt(sigma * sigma + 1);
    const out = new Float32Array(sample.length);
    for (let i = 0; i < sample.length; i++) out[i] = sample[i]! * scale;
    return out;
  }

  /** The denoised estimate x0 from the model output (epsilon or v prediction), written into `out`. */
  protected predictOriginal(modelOutput: ArrayLike<number>, stepIndex: number, sample: Float32Array, out: Float32Array): void {
    const sigma = this.sigmaAt(stepIndex);
    if (this.config.predictionType === 'epsilon') {
      for (let i = 0; i < sample.length; i++) out[i] = sample[i]! - sigma * modelOutput[i]!;
    } else {
      const c = 1 / (sigma * sigma + 1);
      const cOut = -sigma * Math.sqrt(c);
      for (let i = 0; i < sample.length; i++) out[i] = modelOutput[i]! * cOut + sample[i]! * c;
    }
  }

  /**
   * One Euler step from sigma_i to sigma_{i+1}: `x + (x - x0) / sigma * (sigma_next - sigma)`.
   * `random` is unused here (the ancestral subclass draws from it). Returns the new latents.
   */
  step(modelOutput: ArrayLike<number>, stepIndex: number, sample: Float32Array, _random?: SeededRandom): Float32Array {
    const sigma = this.sigmaAt(stepIndex);
    const dt = this.sigmas[stepIndex + 1]! - sigma;
    const prev = new Float32Array(sample.length);
    this.predictOriginal(modelOutput, stepIndex, sample, prev);
    for (let i = 0; i < sample.length; i++) prev[i] = sample[i]! + ((sample[i]! - prev[i]!) / sigma) * dt;
    return prev;
  }

  /** img2img: noises clean latents to the level of step `stepIndex`: `original + noise * sigma`. */
  addNoise(original: Float32Array, noise: Float32Array, stepIndex: number): Float32Array {
    const sigma = this.sigmaAt(stepIndex);
    const out = new Float32Array(original.length);
    for (let i = 0; i < original.length; i++) out[i] = original[i]! + noise[i]! * sigma;
    return out;
  }

  protected sigmaAt(stepIndex: number): number {
    const sigma = this.sigmas[stepIndex];
    if (stepIndex < 0 || stepIndex >= this.timesteps.length || sigma === undefined) {
      throw new RangeError(`step index ${stepIndex} outside [0, ${this.timesteps.length - 1}]; call setTimesteps first`);
    }
    return sigma;
  }
}
