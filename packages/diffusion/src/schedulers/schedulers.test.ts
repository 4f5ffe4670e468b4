import { describe, expect, it } from 'vitest';
import { SchedulerConfigError } from '../errors.js';
import { SeededRandom } from '../random/SeededRandom.js';
import { createScheduler } from './createScheduler.js';
import { EulerAncestralDiscreteScheduler } from './EulerAncestralDiscreteScheduler.js';
import { EulerDiscreteScheduler } from './EulerDiscreteScheduler.js';
import { parseSchedulerConfig, SDXL_TURBO_SCHEDULER_CONFIG, type SchedulerConfig } from './schedulerConfig.js';

const SD_TURBO: SchedulerConfig = { ...SDXL_TURBO_SCHEDULER_CONFIG, className: 'EulerDiscreteScheduler' };

/**
 * A full seeded loop with a synthetic denoiser `eps = tanh(scaledInput) * t / 1000` on 64 latents.
 * Golden sums were derived with an independent numpy transcription of diffusers' formulas
 * (float64 schedule, float32 latents) fed by the same xoshiro128** + Box-Muller stream.
 */
function runLoop(config: SchedulerConfig, steps: number, seed: number): { sum: number; absSum: number } {
  const scheduler = createScheduler(config);
  const random = new SeededRandom(seed);
  scheduler.setTimesteps(steps);
  let latents: Float32Array = random.fillNormal(new Float32Array(64)).map((v) => v * scheduler.initNoiseSigma);
  scheduler.timesteps.forEach((t, i) => {
    const scaled = scheduler.scaleModelInput(latents, i);
    const eps = scaled.map((v) => Math.tanh(v) * (t / 1000));
    latents = scheduler.step(eps, i, latents, random);
  });
  let sum = 0;
  let absSum = 0;
  for (const v of latents) {
    sum += v;
    absSum += Math.abs(v);
  }
  return { sum, absSum };
}

describe('Euler schedulers (trailing spacing)', () => {
  it.each([
    [1, [999]],
    [2, [999, 499]],
    [3, [999, 666, 332]],
    [4, [999, 749, 499, 249]],
  ])('%i steps -> timesteps %j', (steps, expected) => {
    const scheduler = new EulerAncestralDiscreteScheduler(SDXL_TURBO_SCHEDULER_CONFIG);
    scheduler.setTimesteps(steps);
    expect(Array.from(scheduler.timesteps)).toEqual(expected);
    expect(scheduler.sigmas[steps]).toBe(0);
  });

  it('has sigma(999) = 14.6146 and starts from that much noise', () => {
    const scheduler = new EulerDiscreteScheduler(SD_TURBO);
    scheduler.setTimesteps(1);
    expect(scheduler.sigmas[0]).toBeCloseTo(14.6146, 4);
    expect(scheduler.initNoiseSigma).toBeCloseTo(14.6146, 4);
    const scaled = scheduler.scaleModelInput(new Float32Array([14.6146]), 0);
    expect(scaled[0]).toBeCloseTo(14.6146 / Math.sqrt(14.6146 ** 2 + 1), 5);
  });

  it('interpolates sigmas for fractional (linspace) timesteps', () => {
    const scheduler = new EulerDiscreteScheduler({ ...SD_TURBO, timestepSpacing: 'linspace' });
    scheduler.setTimesteps(3);
    expect(Array.from(scheduler.timesteps)).toEqual([999, 499.5, 0]);
    // numpy.interp between sigma(499) = 1.612886 and sigma(500) = 1.618279
    expect(scheduler.sigmas[1]).toBeCloseTo(1.6155825, 6);
  });

  it('spaces leading timesteps with steps_offset', () => {
    const scheduler = new EulerDiscreteScheduler({ ...SD_TURBO, timestepSpacing: 'leading' });
    scheduler.setTimesteps(4);
    expect(Array.from(scheduler.timesteps)).toEqual([751, 501, 251, 1]);
  });

  it('matches the golden sum of a seeded 4-step Euler ancestral loop', () => {
    const { sum, absSum } = runLoop(SDXL_TURBO_SCHEDULER_CONFIG, 4, 1234);
    expect(sum).toBeCloseTo(-62.47515, 2);
    expect(absSum).toBeCloseTo(231.18883, 2);
  });

  it('matches the golden sum of a seeded 1-step Euler ancestral loop', () => {
    expect(runLoop(SDXL_TURBO_SCHEDULER_CONFIG, 1, 1234).sum).toBeCloseTo(-76.4197, 2);
  });

  it('matches the golden sum of a seeded 2-step Euler loop', () => {
    const { sum, absSum } = runLoop(SD_TURBO, 2, 99);
    expect(sum).toBeCloseTo(-86.13328, 2);
    expect(absSum).toBeCloseTo(237.98069, 2);
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(runLoop(SDXL_TURBO_SCHEDULER_CONFIG, 2, 5)).toEqual(runLoop(SDXL_TURBO_SCHEDULER_CONFIG, 2, 5));
    expect(runLoop(SDXL_TURBO_SCHEDULER_CONFIG, 2, 5).sum).not.toBe(runLoop(SDXL_TURBO_SCHEDULER_CONFIG, 2, 6).sum);
  });
});

describe('parseSchedulerConfig', () => {
  it('reads the SDXL Turbo config', () => {
    const config = parseSchedulerConfig({
      _class_name: 'EulerAncestralDiscreteScheduler',
      beta_end: 0.012,
      beta_schedule: 'scaled_linear',
      beta_start: 0.00085,
      num_train_timesteps: 1000,
      prediction_type: 'epsilon',
      steps_offset: 1,
      timestep_spacing: 'trailing',
      trained_betas: null,
      use_karras_sigmas: false,
    });
    expect(config).toEqual(SDXL_TURBO_SCHEDULER_CONFIG);
  });

  it('names unsupported classes and options', () => {
    expect(() => parseSchedulerConfig({ _class_name: 'DDIMScheduler' })).toThrow(SchedulerConfigError);
    expect(() => parseSchedulerConfig({ _class_name: 'DDIMScheduler' })).toThrow(/EulerDiscreteScheduler.*DDIMScheduler/);
    expect(() => parseSchedulerConfig({ use_karras_sigmas: true })).toThrow(/use_karras_sigmas/);
    expect(() => parseSchedulerConfig({ num_train_timesteps: 'x' })).toThrow(/num_train_timesteps/);
  });
});
