import type { ModelSignature } from '../modelFolder/checkSignature.js';
import { buildTensor, readFloats } from '../ort/hostTensor.js';
import type { OnnxSession } from '../ort/onnxSession.js';
import type { StageTimer } from './StageTimer.js';

/**
 * Step 6, decode: `image = vae_decoder(latents / scaling_factor)`, returned as planar float32 [1,3,H,W].
 * (The fp16 SDXL VAE overflows unless the export uses the fp16-fixed VAE; the engine feeds whatever
 * dtype the graph declares and reads the result back as float32.)
 */
export async function decodeLatents(
  decoder: OnnxSession,
  signature: ModelSignature,
  latents: Float32Array,
  dims: readonly number[],
  scalingFactor: number,
  timer: StageTimer,
): Promise<Float32Array> {
  const scaled = new Float32Array(latents.length);
  const inverse = 1 / scalingFactor;
  for (let i = 0; i < latents.length; i++) scaled[i] = latents[i]! * inverse;
  const { input, output } = signature.vaeDecoder;
  const began = performance.now();
  const outputs = await decoder.run({ [input.name]: buildTensor(input, scaled, dims) }, [output]);
  timer.onnxRunMs += performance.now() - began;
  return readFloats(outputs[output]!, output);
}

/**
 * img2img's first half: planar image in [-1, 1] -> VAE encoder -> latents * scaling_factor. Newer Optimum
 * exports return `latent_parameters` (mean and log-variance on channels); the mean (first half) is used,
 * as diffusers' `retrieve_latents(..., sample_mode="argmax")` does.
 */
export async function encodeImageLatents(
  encoder: OnnxSession,
  signature: ModelSignature,
  planar: Float32Array,
  width: number,
  height: number,
  scalingFactor: number,
  timer: StageTimer,
): Promise<Float32Array> {
  const spec = signature.vaeEncoder!;
  const began = performance.now();
  const outputs = await encoder.run({ [spec.input.name]: buildTensor(spec.input, planar, [1, 3, height, width]) }, [spec.output]);
  timer.onnxRunMs += performance.now() - began;
  const result = outputs[spec.output]!;
  const values = readFloats(result, spec.output);
  const channels = signature.latentChannels;
  const meanCount = channels * result.dims[2]! * result.dims[3]!;
  const latents = new Float32Array(meanCount);
  for (let i = 0; i < meanCount; i++) latents[i] = values[i]! * scalingFactor;
  return latents;
}
