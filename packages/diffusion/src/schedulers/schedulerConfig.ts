import { SchedulerConfigError } from '../errors.js';

/** The scheduler classes this engine implements (diffusers names). */
export type SchedulerClassName = 'EulerDiscreteScheduler' | 'EulerAncestralDiscreteScheduler';

/** How inference timesteps are spread over the training timesteps (diffusers `timestep_spacing`). */
export type TimestepSpacing = 'trailing' | 'leading' | 'linspace';

/** The fields of `scheduler/scheduler_config.json` the Euler schedulers use, camel-cased and validated. */
export interface SchedulerConfig {
  className: SchedulerClassName;
  numTrainTimesteps: number;
  betaStart: number;
  betaEnd: number;
  betaSchedule: 'scaled_linear' | 'linear';
  timestepSpacing: TimestepSpacing;
  predictionType: 'epsilon' | 'v_prediction';
  stepsOffset: number;
}

/** SDXL Turbo's scheduler config (diffusers defaults plus `trailing`), for tests and defaults. */
export const SDXL_TURBO_SCHEDULER_CONFIG: SchedulerConfig = {
  className: 'EulerAncestralDiscreteScheduler',
  numTrainTimesteps: 1000,
  betaStart: 0.00085,
  betaEnd: 0.012,
  betaSchedule: 'scaled_linear',
  timestepSpacing: 'trailing',
  predictionType: 'epsilon',
  stepsOffset: 1,
};

function pickEnum<T extends string>(raw: Record<string, unknown>, key: string, allowed: readonly T[], fallback: T): T {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new SchedulerConfigError(`unsupported scheduler ${key}`, `one of ${allowed.join(', ')}`, JSON.stringify(value));
  }
  return value as T;
}

function pickNumber(raw: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const value = raw[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new SchedulerConfigError(`bad scheduler ${key}`, `a number in [${min}, ${max}]`, JSON.stringify(value));
  }
  return value;
}

/**
 * Validates a parsed `scheduler_config.json`. Options that would change the numerics and that this
 * engine does not implement (Karras sigmas, zero-SNR rescaling, trained betas) are rejected by name
 * rather than silently ignored.
 */
export function parseSchedulerConfig(raw: Record<string, unknown>): SchedulerConfig {
  for (const flag of ['use_karras_sigmas', 'use_exponential_sigmas', 'use_beta_sigmas', 'rescale_betas_zero_snr']) {
    if (raw[flag] === true) throw new SchedulerConfigError(`unsupported scheduler option ${flag}`, 'false or absent', 'true');
  }
  if (Array.isArray(raw.trained_betas)) {
    throw new SchedulerConfigError('unsupported scheduler option trained_betas', 'null', 'an array');
  }
  const config: SchedulerConfig = {
    className: pickEnum(raw, '_class_name', ['EulerDiscreteScheduler', 'EulerAncestralDiscreteScheduler'], 'EulerDiscreteScheduler'),
    numTrainTimesteps: pickNumber(raw, 'num_train_timesteps', 1000, 2, 100_000),
    betaStart: pickNumber(raw, 'beta_start', 0.0001, 0, 1),
    betaEnd: pickNumber(raw, 'beta_end', 0.02, 0, 1),
    betaSchedule: pickEnum(raw, 'beta_schedule', ['scaled_linear', 'linear'], 'linear'),
    timestepSpacing: pickEnum(raw, 'timestep_spacing', ['trailing', 'leading', 'linspace'], 'linspace'),
    predictionType: pickEnum(raw, 'prediction_type', ['epsilon', 'v_prediction'], 'epsilon'),
    stepsOffset: pickNumber(raw, 'steps_offset', 0, 0, 1000),
  };
  if (!Number.isInteger(config.numTrainTimesteps)) {
    throw new SchedulerConfigError('bad scheduler num_train_timesteps', 'an integer', String(config.numTrainTimesteps));
  }
  return config;
}
