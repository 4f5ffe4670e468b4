import { describe, expect, it } from 'vitest';
import { trainingSigmas } from './noiseSchedule.js';

describe('trainingSigmas', () => {
  it('matches the known end points of the scaled_linear schedule', () => {
    const sigmas = trainingSigmas();
    expect(sigmas[999]).toBeCloseTo(14.6146, 3);
    expect(sigmas[0]).toBeCloseTo(0.0292, 3);
    for (let t = 1; t < sigmas.length; t++) expect(sigmas[t]).toBeGreaterThan(sigmas[t - 1] ?? 0);
  });
});
