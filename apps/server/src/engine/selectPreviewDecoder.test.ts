import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../test/testServer.js';
import { PreviewDecoderSelectionError, selectPreviewDecoder } from './selectPreviewDecoder.js';

let root: string;
beforeEach(async () => {
  root = await makeDataDir();
});
afterEach(async () => {
  await removeDataDir(root);
});

async function addFile(path: string, text = ''): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
}

async function addModel(name: string, className: string): Promise<string> {
  await addFile(join(root, name, 'model_index.json'), JSON.stringify({ _class_name: className }));
  return join(root, name);
}

describe('selectPreviewDecoder', () => {
  it('auto: the model\'s own preview_decoder/, else the installed TAESD matching its latents, else none', async () => {
    const sdxl = await addModel('sdxl-turbo', 'ORTStableDiffusionXLPipeline');
    const sd = await addModel('sd-turbo', 'ORTStableDiffusionPipeline');
    expect(await selectPreviewDecoder('auto', sdxl, root)).toBeUndefined();
    await addFile(join(root, 'taesdxl', 'vae_decoder', 'model.onnx'));
    expect(await selectPreviewDecoder('auto', sdxl, root)).toBe(join(root, 'taesdxl'));
    expect(await selectPreviewDecoder('auto', sd, root)).toBeUndefined();
    await addFile(join(root, 'taesd', 'vae_decoder', 'model.onnx'));
    expect(await selectPreviewDecoder('auto', sd, root)).toBe(join(root, 'taesd'));
    await addFile(join(sdxl, 'preview_decoder', 'model.onnx'));
    expect(await selectPreviewDecoder('auto', sdxl, root)).toBe(join(sdxl, 'preview_decoder'));
  });

  it('off is none; a named folder must hold a decoder', async () => {
    const sdxl = await addModel('sdxl-turbo', 'StableDiffusionXLPipeline');
    await addFile(join(sdxl, 'preview_decoder', 'model.onnx'));
    expect(await selectPreviewDecoder('off', sdxl, root)).toBeUndefined();
    expect(await selectPreviewDecoder(join(sdxl, 'preview_decoder'), sdxl, root)).toBe(join(sdxl, 'preview_decoder'));
    await expect(selectPreviewDecoder('taesdxl', sdxl, root)).rejects.toBeInstanceOf(PreviewDecoderSelectionError);
  });
});
