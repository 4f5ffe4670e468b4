import { EulerAncestralDiscreteScheduler } from './EulerAncestralDiscreteScheduler.js';
import { EulerDiscreteScheduler } from './EulerDiscreteScheduler.js';
import type { SchedulerConfig } from './schedulerConfig.js';

/** Either Euler scheduler; they share one interface. */
export type Scheduler = EulerDiscreteScheduler;

/** Builds the scheduler named by the config's `_class_name`. */
export function createScheduler(config: SchedulerConfig): Scheduler {
  return config.className === 'EulerAncestralDiscreteScheduler'
    ? new EulerAncestralDiscreteScheduler(config)
    : new EulerDiscreteScheduler(config);
}
