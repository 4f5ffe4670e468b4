import type { ModelSignature } from '../modelFolder/checkSignature.js';
import { buildTensor, readFloats, timestepDims, type HostTensor } from '../ort/hostTensor.js';
import type { OnnxSession } from '../ort/onnxSession.js';
import type { SeededRandom } from '../random/SeededRandom.js';
import type { Scheduler } from '../schedulers/createScheduler.js';
import type { StageTimer } from './StageTimer.js';
import type { PromptEmbeddings } from './TextEmbeddingCache.js';

/** Inputs of the denoise loop, for a batch of B images (B = `dims[0]`, 1 for a single image). */
export interface DenoiseInputs {
  unet: OnnxSession;
  signature: ModelSignature;
  scheduler: Scheduler;
  /** The conditioning stacked on the batch axis (`[B, 77, D]`, and `[B, P]` for SDXL). */
  embeddings: PromptEmbeddings;
  /** SDXL only: `[H, W, 0, 0, H, W]` per image, `[B, 6]`. */
  timeIds?: HostTensor;
  /** B images' latents one after another, `[B, C, h, w]` row-major. */
  latents: Float32Array;
  dims: readonly number[];
  /** First scheduler step to run (0 for text-to-image, later for img2img); the same for the whole batch. */
  startStep: number;
  /** One seeded stream per image: each image's ancestral noise comes from its own seed, as when it runs alone. */
  randoms: readonly SeededRandom[];
}

/**
 * Step 5, the denoise loop: for each timestep, scale the latents for the model, predict the noise with
 * the UNet and let the scheduler step. No classifier-free guidance: the Turbo models are distilled to
 * run at guidance scale 0, so one UNet call per step, for the whole batch at once. The scheduler then steps
 * each image's slice with that image's own random stream. Each step's time is recorded as `unetStep<n>`.
 */
export async function denoiseLatents(inputs: DenoiseInputs, timer: StageTimer): Promise<Float32Array> {
  const { unet, signature, scheduler, embeddings, randoms } = inputs;
  const spec = signature.unet;
  const batch = randoms.length;
  const perImage = inputs.latents.length / batch;
  let latents = inputs.latents;
  for (let i = inputs.startStep; i < scheduler.numInferenceSteps; i++) {
    latents = await timer.time(`unetStep${i - inputs.startStep + 1}`, async () => {
      const modelInput = scheduler.scaleModelInput(latents, i);
      const t = scheduler.timesteps[i]!;
      const tDims = timestepDims(spec.timestep, batch);
      const feeds: Record<string, HostTensor> = {
        [spec.sample.name]: buildTensor(spec.sample, modelInput, inputs.dims),
        // A `[1]` or scalar timestep broadcasts over the batch; a `[B]` one repeats it (one timestep per batch).
        [spec.timestep.name]: buildTensor(spec.timestep, new Array<number>(tDims[0] ?? 1).fill(t), tDims),
        [spec.encoderHiddenStates.name]: embeddings.encoderHiddenStates,
      };
      if (spec.textEmbeds && embeddings.textEmbeds) feeds[spec.textEmbeds.name] = embeddings.textEmbeds;
      if (spec.timeIds && inputs.timeIds) feeds[spec.timeIds.name] = inputs.timeIds;
      const began = performance.now();
      const outputs = await unet.run(feeds, [spec.output]);
      timer.onnxRunMs += performance.now() - began;
      const noisePred = readFloats(outputs[spec.output]!, spec.output);
      if (batch === 1) return scheduler.step(noisePred, i, latents, randoms[0]);
      const next = new Float32Array(latents.length);
      for (let b = 0; b < batch; b++) {
        const slice = (values: Float32Array): Float32Array => values.subarray(b * perImage, (b + 1) * perImage);
        next.set(scheduler.step(slice(noisePred), i, slice(latents), randoms[b]), b * perImage);
      }
      return next;
    });
  }
  return latents;
}
