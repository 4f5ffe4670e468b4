import type { SeededRandom } from '../random/SeededRandom.js';
import { EulerDiscreteScheduler } from './EulerDiscreteScheduler.js';

/**
 * Ancestral Euler sampling, as diffusers' `EulerAncestralDiscreteScheduler` (SDXL Turbo): each step
 * goes deterministically down to `sigma_down` and then adds fresh noise of size `sigma_up`, with
 * `sigma_up^2 + sigma_down^2 = sigma_next^2`. The fresh noise comes from the request's seeded stream,
 * so a (seed, steps, prompt, size) tuple always gives the same latents.
 */
export class EulerAncestralDiscreteScheduler extends EulerDiscreteScheduler {
  override step(modelOutput: ArrayLike<number>, stepIndex: number, sample: Float32Array, random?: SeededRandom): Float32Array {
    if (!random) throw new TypeError('EulerAncestralDiscreteScheduler.step needs a SeededRandom for its noise');
    const sigmaFrom = this.sigmaAt(stepIndex);
    const sigmaTo = this.sigmas[stepIndex + 1]!;
    const sigmaUp = Math.sqrt((sigmaTo * sigmaTo * (sigmaFrom * sigmaFrom - sigmaTo * sigmaTo)) / (sigmaFrom * sigmaFrom));
    const sigmaDown = Math.sqrt(sigmaTo * sigmaTo - sigmaUp * sigmaUp);
    const dt = sigmaDown - sigmaFrom;
    const prev = new Float32Array(sample.length);
    this.predictOriginal(modelOutput, stepIndex, sample, prev);
    if (sigmaUp === 0) {
      // The last step lands on sigma 0 and adds no noise; drawing it would only cost time.
      for (let i = 0; i < sample.length; i++) prev[i] = sample[i]! + ((sample[i]! - prev[i]!) / sigmaFrom) * dt;
      return prev;
    }
    const noise = random.fillNormal(new Float32Array(sample.length));
    for (let i = 0; i < sample.length; i++) {
      prev[i] = sample[i]! + ((sample[i]! - prev[i]!) / sigmaFrom) * dt + noise[i]! * sigmaUp;
    }
    return prev;
  }
}
