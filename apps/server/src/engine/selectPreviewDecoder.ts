import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { MODELS_ROOT, PREVIEW_DECODER_FOLDER } from '@promptjam/models';

/** Where `promptjam models fetch` installs the tiny preview decoders (TAESDXL for SDXL latents, TAESD for SD's). */
export const PREVIEW_DECODER_NAMES = { sdxl: 'taesdxl', sd: 'taesd' } as const;

/** `--preview-decoder` names no folder with a decoder model. */
export class PreviewDecoderSelectionError extends Error {
  override name = 'PreviewDecoderSelectionError';
  constructor(
    readonly requested: string,
    readonly looked: string[],
  ) {
    super(`--preview-decoder ${requested}: expected a folder with model.onnx or vae_decoder/model.onnx, found none at ${looked.join(' or ')}`);
  }
}

async function hasDecoder(dir: string): Promise<boolean> {
  for (const path of [join(dir, 'model.onnx'), join(dir, 'vae_decoder', 'model.onnx')]) {
    if (await stat(path).then((s) => s.isFile(), () => false)) return true;
  }
  return false;
}

async function isSdxl(modelDir: string): Promise<boolean> {
  try {
    const index = JSON.parse(await readFile(join(modelDir, 'model_index.json'), 'utf8')) as Record<string, unknown>;
    return typeof index._class_name === 'string' && /XL/.test(index._class_name);
  } catch {
    return false;
  }
}

/**
 * The tiny (TAESD-style) decoder for preview frames: `off` none; a path (or a name under the models root) that
 * folder; `auto` the model's own `preview_decoder/` (the demo model has one), else the installed TAESDXL/TAESD
 * matching the model's latents, else none (previews then decode with the full VAE).
 */
export async function selectPreviewDecoder(requested: string, modelDir: string, modelsRoot: string = MODELS_ROOT): Promise<string | undefined> {
  if (requested === 'off') return undefined;
  if (requested !== 'auto') {
    const candidates = isAbsolute(requested) ? [requested] : [resolve(requested), join(modelsRoot, requested)];
    for (const dir of candidates) if (await hasDecoder(dir)) return dir;
    throw new PreviewDecoderSelectionError(requested, candidates);
  }
  const own = join(modelDir, PREVIEW_DECODER_FOLDER);
  if (await hasDecoder(own)) return own;
  const installed = join(modelsRoot, (await isSdxl(modelDir)) ? PREVIEW_DECODER_NAMES.sdxl : PREVIEW_DECODER_NAMES.sd);
  return (await hasDecoder(installed)) ? installed : undefined;
}
