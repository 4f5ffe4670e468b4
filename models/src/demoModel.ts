import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION_KEY, TINY_MODEL_GENERATOR_VERSION } from './configs.js';
import { writeTinyModel } from './writeTinyModel.js';

/**
 * Absolute path of the repository's models/ folder: where users put downloaded model folders (e.g.
 * models/sdxl-turbo) and where the generated demo lives. Resolved from this file (src/ or dist/ both sit
 * directly inside models/), so it does not depend on the working directory.
 */
export const MODELS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Absolute path of the embedded demo model folder (models/demo/sdxl-tiny; generated, never committed). */
export const DEMO_MODEL_DIR = join(MODELS_ROOT, 'demo', 'sdxl-tiny');

/** Files whose presence means a demo folder is complete (model_index.json is written first, these last). */
const DEMO_REQUIRED_FILES = [
  'model_index.json',
  'scheduler/scheduler_config.json',
  'tokenizer/vocab.json',
  'tokenizer_2/merges.txt',
  'text_encoder/model.onnx',
  'text_encoder_2/model.onnx',
  'unet/model.onnx',
  'vae_decoder/model.onnx',
  'vae_encoder/model.onnx',
  'preview_decoder/model.onnx',
];

/** Writes the demo model (SDXL layout, float32, with vae_encoder and a preview decoder, marked as the demo) into `dir`. */
export async function writeDemoModel(dir: string = DEMO_MODEL_DIR): Promise<void> {
  await writeTinyModel({ dir, type: 'sdxl', dtype: 'float32', withVaeEncoder: true, withPreviewDecoder: true, demo: true });
}

async function isCurrentDemo(dir: string): Promise<boolean> {
  if (!DEMO_REQUIRED_FILES.every((file) => existsSync(join(dir, file)))) return false;
  try {
    const index = JSON.parse(await readFile(join(dir, 'model_index.json'), 'utf8')) as Record<string, unknown>;
    return index[GENERATOR_VERSION_KEY] === TINY_MODEL_GENERATOR_VERSION;
  } catch {
    return false;
  }
}

/**
 * Returns DEMO_MODEL_DIR, generating it first if it is missing, incomplete or from an older generator. Safe to call
 * from several processes at once: each writes a private temporary folder and renames it into place.
 */
export async function ensureDemoModel(): Promise<string> {
  if (await isCurrentDemo(DEMO_MODEL_DIR)) return DEMO_MODEL_DIR;
  const staging = `${DEMO_MODEL_DIR}.tmp-${process.pid}-${Date.now()}`;
  await writeDemoModel(staging);
  try {
    if (existsSync(DEMO_MODEL_DIR) && !(await isCurrentDemo(DEMO_MODEL_DIR))) {
      await rm(DEMO_MODEL_DIR, { recursive: true, force: true });
    }
    await rename(staging, DEMO_MODEL_DIR);
  } catch (error) {
    // Another process won the race with an equally good folder; ours is redundant.
    if (!(await isCurrentDemo(DEMO_MODEL_DIR))) throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return DEMO_MODEL_DIR;
}
