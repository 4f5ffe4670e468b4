import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModelFolderError, ModelTensorError } from '../errors.js';
import { readOptionalJsonFile } from '../modelFolder/readJsonFile.js';
import { buildTensor, describeSpec, readFloats, type TensorSpec } from '../ort/hostTensor.js';
import type { OnnxSession } from '../ort/onnxSession.js';
import type { StageTimer } from './StageTimer.js';

/**
 * A TAESD/TAESDXL-style tiny VAE decoder for fast preview frames: a folder with `model.onnx` (one
 * rank-4 float input of latents, one rank-4 float output of RGB in [-1, 1], diffusers' AutoencoderTiny
 * convention) and an optional `config.json` whose `scaling_factor` defaults to 1.0 (AutoencoderTiny's).
 * The model may also sit in a `vae_decoder/` subfolder, as in an Optimum export of a whole AutoencoderTiny
 * (e.g. the TAESDXL repository `promptjam models fetch taesdxl` installs).
 */
export interface PreviewDecoderFolder {
  path: string;
  scalingFactor: number;
}

/** Finds and reads a preview decoder folder; a missing model is a {@link ModelFolderError}. */
export async function loadPreviewDecoderFolder(dir: string): Promise<PreviewDecoderFolder> {
  const candidates = [resolve(dir), join(resolve(dir), 'vae_decoder')];
  const folder = candidates.find((candidate) => existsSync(join(candidate, 'model.onnx')));
  if (!folder) throw new ModelFolderError('preview decoder folder has no model', `a file ${candidates.map((c) => join(c, 'model.onnx')).join(' or ')}`, 'no such file');
  const path = join(folder, 'model.onnx');
  const config = await readOptionalJsonFile(join(folder, 'config.json'));
  const scaling = config?.scaling_factor;
  return { path, scalingFactor: typeof scaling === 'number' && scaling > 0 ? scaling : 1 };
}

/** The input and output the preview decoder is run with. */
export interface PreviewDecoderSignature {
  input: TensorSpec;
  output: string;
}

/** Checks that the session has exactly one rank-4 float input and a rank-4 float output. */
export function checkPreviewDecoder(session: OnnxSession): PreviewDecoderSignature {
  const [input] = session.inputs;
  const [output] = session.outputs;
  const ok = (spec: TensorSpec | undefined): spec is TensorSpec => !!spec && spec.shape.length === 4 && (spec.type === 'float32' || spec.type === 'float16');
  if (session.inputs.length !== 1 || !ok(input) || !ok(output)) {
    throw new ModelTensorError(
      'preview decoder has unexpected tensors',
      'one float input [B,4,h,w] and a float output [B,3,H,W]',
      `inputs ${session.inputs.map(describeSpec).join(', ')}; outputs ${session.outputs.map(describeSpec).join(', ')}`,
    );
  }
  return { input, output: output.name };
}

/** Decodes latents with the preview decoder: `decoder(latents / scaling_factor)`, planar float32 [1,3,H,W]. */
export async function decodePreview(
  session: OnnxSession,
  signature: PreviewDecoderSignature,
  latents: Float32Array,
  dims: readonly number[],
  scalingFactor: number,
  timer: StageTimer,
): Promise<Float32Array> {
  const scaled = scalingFactor === 1 ? latents : latents.map((v) => v / scalingFactor);
  const began = performance.now();
  const outputs = await session.run({ [signature.input.name]: buildTensor(signature.input, scaled, dims) }, [signature.output]);
  timer.onnxRunMs += performance.now() - began;
  return readFloats(outputs[signature.output]!, signature.output);
}
