import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { fromFloat16Array, toFloat16Array } from '../onnx/float16.js';
import { trainingSigmas } from '../noiseSchedule.js';
import { SeededRandom } from '../SeededRandom.js';
import { loadClipTokenizer, type ClipTokenizer } from './clipTokenize.js';

/**
 * Test-only reference of the engine's loop (diffusers' Euler / Euler-ancestral with trailing spacing) over
 * onnxruntime sessions of a tiny model folder. Reads names, dtypes and shapes from session metadata, like the
 * engine must.
 */
export interface ReferenceModel {
  type: 'sdxl' | 'sd';
  sessions: Record<string, ort.InferenceSession>;
  tokenizers: ClipTokenizer[];
  scalingFactor: number;
  release(): Promise<void>;
}

/** A decoded image: RGB planes in [-1,1], [3,H,W] row-major. */
export interface ReferenceImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** Opens every session of a tiny model folder. */
export async function openReferenceModel(dir: string): Promise<ReferenceModel> {
  const index = JSON.parse(await readFile(join(dir, 'model_index.json'), 'utf8')) as Record<string, unknown>;
  const type = 'text_encoder_2' in index ? 'sdxl' : 'sd';
  const encoders = type === 'sdxl' ? ['text_encoder', 'text_encoder_2'] : ['text_encoder'];
  const folders = [...encoders, 'unet', 'vae_decoder'];
  const sessions: Record<string, ort.InferenceSession> = {};
  for (const folder of folders) sessions[folder] = await ort.InferenceSession.create(join(dir, folder, 'model.onnx'));
  const tokenizerFolders = type === 'sdxl' ? ['tokenizer', 'tokenizer_2'] : ['tokenizer'];
  const tokenizers = await Promise.all(tokenizerFolders.map((f) => loadClipTokenizer(join(dir, f))));
  const vae = JSON.parse(await readFile(join(dir, 'vae_decoder', 'config.json'), 'utf8')) as { scaling_factor: number };
  return {
    type,
    sessions,
    tokenizers,
    scalingFactor: vae.scaling_factor,
    release: async () => {
      for (const session of Object.values(sessions)) await session.release();
    },
  };
}

function meta(session: ort.InferenceSession, name: string): ort.InferenceSession.TensorValueMetadata {
  const found = session.inputMetadata.find((m) => m.name === name);
  if (found === undefined || !found.isTensor) throw new Error(`session has no tensor input ${name}`);
  return found;
}

/** Makes a tensor of the element type the session declares for `name` (float16 packed by hand). */
export function feed(session: ort.InferenceSession, name: string, values: ArrayLike<number>, dims: number[]): ort.Tensor {
  const type = meta(session, name).type;
  if (type === 'float16') return new ort.Tensor('float16', toFloat16Array(values), dims);
  if (type === 'float32') return new ort.Tensor('float32', Float32Array.from(values), dims);
  if (type === 'int64') {
    return new ort.Tensor('int64', BigInt64Array.from(Array.from(values), (v) => BigInt(Math.round(v))), dims);
  }
  if (type === 'int32') return new ort.Tensor('int32', Int32Array.from(values), dims);
  throw new Error(`unsupported input type ${type} for ${name}`);
}

/** Reads any float output as a Float32Array. */
export function floats(tensor: ort.OnnxValue | undefined): Float32Array {
  if (tensor === undefined) throw new Error('missing output');
  const t = tensor as ort.Tensor;
  if (t.type === 'float16') return fromFloat16Array(t.data as Uint16Array);
  return Float32Array.from(t.data as Float32Array);
}

/** Timesteps of the trailing spacing: round(arange(1000, 0, -1000/steps)) - 1. */
export function trailingTimesteps(steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => Math.round(1000 - (i * 1000) / steps) - 1);
}

/** Encodes the prompt into [encoder_hidden_states, text_embeds?] as the SDXL / SD pipelines do. */
export async function encodePrompt(
  model: ReferenceModel,
  prompt: string,
): Promise<{ hidden: Float32Array; width: number; pooled?: Float32Array }> {
  const run = async (name: string, tokenizer: ClipTokenizer) => {
    const session = model.sessions[name] as ort.InferenceSession;
    return session.run({ input_ids: feed(session, 'input_ids', tokenizer.encode(prompt), [1, 77]) });
  };
  if (model.type === 'sd') {
    const out = await run('text_encoder', model.tokenizers[0] as ClipTokenizer);
    const hidden = floats(out.last_hidden_state);
    return { hidden, width: hidden.length / 77 };
  }
  const first = await run('text_encoder', model.tokenizers[0] as ClipTokenizer);
  const second = await run('text_encoder_2', model.tokenizers[1] as ClipTokenizer);
  const a = floats(first['hidden_states.11']);
  const b = floats(second['hidden_states.31']);
  const [wa, wb] = [a.length / 77, b.length / 77];
  const hidden = new Float32Array(77 * (wa + wb));
  for (let t = 0; t < 77; t++) {
    hidden.set(a.subarray(t * wa, (t + 1) * wa), t * (wa + wb));
    hidden.set(b.subarray(t * wb, (t + 1) * wb), t * (wa + wb) + wa);
  }
  return { hidden, width: wa + wb, pooled: floats(second.text_embeds) };
}

/** Runs the full loop for one image and decodes it. */
export async function generate(
  model: ReferenceModel,
  request: { prompt: string; seed: number; steps: number; width: number; height: number; ancestral?: boolean },
): Promise<ReferenceImage> {
  const { width, height, steps } = request;
  const [h, w] = [height / 8, width / 8];
  const cond = await encodePrompt(model, request.prompt);
  const table = trainingSigmas();
  const timesteps = trailingTimesteps(steps);
  const sigmas = [...timesteps.map((t) => table[t] as number), 0];
  const noise = new SeededRandom(request.seed);
  let latents = noise.normals(4 * h * w, sigmas[0]);
  const unet = model.sessions.unet as ort.InferenceSession;
  for (const [i, t] of timesteps.entries()) {
    const [sigma, next] = [sigmas[i] as number, sigmas[i + 1] as number];
    const scale = 1 / Math.sqrt(sigma * sigma + 1);
    const tMeta = meta(unet, 'timestep');
    const feeds: Record<string, ort.Tensor> = {
      sample: feed(unet, 'sample', latents.map((v) => v * scale), [1, 4, h, w]),
      timestep: feed(unet, 'timestep', [t], tMeta.shape.length === 0 ? [] : [1]),
      encoder_hidden_states: feed(unet, 'encoder_hidden_states', cond.hidden, [1, 77, cond.width]),
    };
    if (cond.pooled !== undefined) {
      feeds.text_embeds = feed(unet, 'text_embeds', cond.pooled, [1, cond.pooled.length]);
      feeds.time_ids = feed(unet, 'time_ids', [height, width, 0, 0, height, width], [1, 6]);
    }
    const eps = floats((await unet.run(feeds)).out_sample);
    const x0 = latents.map((v, k) => v - sigma * (eps[k] as number));
    if (request.ancestral === true && next > 0) {
      const up = Math.sqrt((next * next * (sigma * sigma - next * next)) / (sigma * sigma));
      const down = Math.sqrt(next * next - up * up);
      latents = x0.map((v, k) => v + (eps[k] as number) * down + noise.normal() * up);
    } else {
      latents = x0.map((v, k) => v + (eps[k] as number) * next);
    }
  }
  const vae = model.sessions.vae_decoder as ort.InferenceSession;
  const unscaled = latents.map((v) => v / model.scalingFactor);
  const decoded = await vae.run({ latent_sample: feed(vae, 'latent_sample', unscaled, [1, 4, h, w]) });
  return { width, height, data: floats(decoded.sample) };
}
