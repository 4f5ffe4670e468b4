import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTextEncoder } from './components/textEncoder.js';
import { buildTextEncoder2 } from './components/textEncoder2.js';
import { buildUnet } from './components/unet.js';
import { buildPreviewDecoder } from './components/previewDecoder.js';
import { buildVaeDecoder } from './components/vaeDecoder.js';
import { buildVaeEncoder } from './components/vaeEncoder.js';
import {
  modelIndexJson,
  previewDecoderConfigJson,
  schedulerConfigJson,
  textEncoderConfigJson,
  unetConfigJson,
  vaeConfigJson,
} from './configs.js';
import { resolveSpec, type TinyModelOptions, type TinyModelSpec } from './modelSpec.js';
import { SeededRandom } from './SeededRandom.js';
import { tinyVocabSize, writeTokenizerFolder } from './tokenizer/tokenizerFiles.js';

/** Folder of the optional tiny preview decoder inside a model folder (the engine looks for it there first). */
export const PREVIEW_DECODER_FOLDER = 'preview_decoder';

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, JSON.stringify(value, null, 2) + '\n');
}

async function writeComponent(dir: string, folder: string, model: Uint8Array, config: unknown): Promise<void> {
  await mkdir(join(dir, folder), { recursive: true });
  await writeFile(join(dir, folder, 'model.onnx'), model);
  await writeJson(join(dir, folder, 'config.json'), config);
}

/**
 * Writes a complete tiny model folder (model_index.json, scheduler/, tokenizer folders, text encoders, unet,
 * vae_decoder and optionally vae_encoder and a TAESD-style preview_decoder) in the diffusers/Optimum ONNX layout of
 * MODEL_CONTRACT.md.
 * Deterministic: the same options write the same bytes. Returns the resolved spec (which variant was written).
 */
export async function writeTinyModel(options: TinyModelOptions): Promise<TinyModelSpec> {
  const spec = resolveSpec(options);
  const dir = options.dir;
  const random = new SeededRandom(spec.seed);
  await mkdir(dir, { recursive: true });
  await writeJson(join(dir, 'model_index.json'), modelIndexJson(spec));
  await mkdir(join(dir, 'scheduler'), { recursive: true });
  await writeJson(join(dir, 'scheduler', 'scheduler_config.json'), schedulerConfigJson(spec));

  for (const [index, encoder] of spec.textEncoders.entries()) {
    const tokenizerFolder = index === 0 ? 'tokenizer' : 'tokenizer_2';
    await writeTokenizerFolder(join(dir, tokenizerFolder), encoder.padToken);
    const build = encoder.projectionDim === undefined ? buildTextEncoder : buildTextEncoder2;
    const model = build(spec, encoder, tinyVocabSize(), random.fork(encoder.folder));
    await writeComponent(dir, encoder.folder, model, textEncoderConfigJson(spec, encoder));
  }
  await writeComponent(dir, 'unet', buildUnet(spec, random.fork('unet')), unetConfigJson(spec));
  await writeComponent(dir, 'vae_decoder', buildVaeDecoder(spec), vaeConfigJson(spec));
  if (spec.withVaeEncoder) await writeComponent(dir, 'vae_encoder', buildVaeEncoder(spec), vaeConfigJson(spec));
  if (spec.withPreviewDecoder) await writeComponent(dir, PREVIEW_DECODER_FOLDER, buildPreviewDecoder(spec), previewDecoderConfigJson());
  return spec;
}
