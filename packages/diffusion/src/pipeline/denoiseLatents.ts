import type { ModelSignature } from '../modelFolder/checkSignature.js';
import { buildTensor, readFloats, timestepDims, type HostTensor } from '../ort/hostTensor.js';
import type { OnnxSession } from '../ort/onnxSession.js';
import type { SeededRandom } from '../random/SeededRandom.js';
import type { Scheduler } from '../schedulers/createScheduler.js';
import type { StageTimer } from './StageTimer.js';
import type { PromptEmbeddings } from './TextEmbeddingCache.js';

/** Inputs of the denoise loop. */
export interface DenoiseInputs {
  unet: OnnxSession;
  signature: ModelSignature;
  scheduler: Scheduler;
  embeddings: PromptEmbeddings;
  /** SDXL only: `[H, W, 0, 0, H, W]`. */
  timeIds?: HostTensor;
  latents: Float32Array;
  dims: readonly number[];
  /** First scheduler step to run (0 for text-to-image, later for img2img). */
  startStep: number;
  random: SeededRandom;
}

/**
 * Step 5, the denoise loop: for each timestep, scale the latents for the model, predict the noise with
 * the UNet and let the scheduler step. No classifier-free guidance: the Turbo models are distilled to
 * run at guidance scale 0, so one UNet call per step. Each step's time is recorded as `unetStep<n>`.
 */
export async function denoiseLatents(inputs: DenoiseInputs, timer: StageTimer): Promise<Float32Array> {
  const { unet, signature, scheduler, embeddings } = inputs;
  const spec = signature.unet;
  let latents = inputs.latents;
  for (let i = inputs.startStep; i < scheduler.numInferenceSteps; i++) {
    latents = await timer.time(`unetStep${i - inputs.startStep + 1}`, async () => {
      const modelInput = scheduler.scaleModelInput(latents, i);
      const t = scheduler.timesteps[i]!;
      const feeds: Record<string, HostTensor> = {
        [spec.sample.name]: buildTensor(spec.sample, modelInput, inputs.dims),
        [spec.timestep.name]: buildTensor(spec.timestep, [t], timestepDims(spec.timestep, 1)),
        [spec.encoderHiddenStates.name]: embeddings.encoderHiddenStates,
      };
      if (spec.textEmbeds && embeddings.textEmbeds) feeds[spec.textEmbeds.name] = embeddings.textEmbeds;
      if (spec.timeIds && inputs.timeIds) feeds[spec.timeIds.name] = inputs.timeIds;
      const began = performance.now();
      const outputs = await unet.run(feeds, [spec.output]);
      timer.onnxRunMs += performance.now() - began;
      const noisePred = readFloats(outputs[spec.output]!, spec.output);
      return scheduler.step(noisePred, i, latents, inputs.random);
    });
  }
  return latents;
}
