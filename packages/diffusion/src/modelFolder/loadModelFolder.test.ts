import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFolderError } from '../errors.js';
import { createSessions } from '../ort/createSessions.js';
import { loadModelFolder } from './loadModelFolder.js';

/**
 * Folder-level checks happen before any ONNX is parsed, so these fixtures hold placeholder bytes where
 * model.onnx files go. (Loading real tiny models is covered by the pipeline tests.)
 */
async function fakeFolder(type: 'sdxl' | 'sd'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `fake-${type}-`));
  const index = type === 'sdxl' ? { _class_name: 'StableDiffusionXLPipeline', text_encoder_2: ['transformers', 'CLIPTextModelWithProjection'] } : { _class_name: 'StableDiffusionPipeline' };
  await writeFile(join(dir, 'model_index.json'), JSON.stringify(index));
  const components = type === 'sdxl' ? ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder'] : ['text_encoder', 'unet', 'vae_decoder'];
  for (const c of components) {
    await mkdir(join(dir, c));
    await writeFile(join(dir, c, 'model.onnx'), Buffer.alloc(64, 7));
  }
  for (const t of type === 'sdxl' ? ['tokenizer', 'tokenizer_2'] : ['tokenizer']) {
    await mkdir(join(dir, t));
    await writeFile(join(dir, t, 'vocab.json'), '{}');
    await writeFile(join(dir, t, 'merges.txt'), '#version: 0.2\n');
  }
  await mkdir(join(dir, 'scheduler'));
  await writeFile(join(dir, 'scheduler', 'scheduler_config.json'), JSON.stringify({ _class_name: 'EulerAncestralDiscreteScheduler', timestep_spacing: 'trailing', beta_schedule: 'scaled_linear', beta_start: 0.00085, beta_end: 0.012 }));
  await writeFile(join(dir, 'vae_decoder', 'config.json'), JSON.stringify({ scaling_factor: 0.13025 }));
  return dir;
}

async function expectFolderError(dir: string, pattern: RegExp, expectType?: 'sdxl' | 'sd'): Promise<void> {
  const attempt = loadModelFolder(dir, expectType);
  await expect(attempt).rejects.toBeInstanceOf(ModelFolderError);
  await expect(loadModelFolder(dir, expectType)).rejects.toThrow(pattern);
}

describe('loadModelFolder', () => {
  it('detects sdxl and sd and reads settings', async () => {
    const sdxl = await loadModelFolder(await fakeFolder('sdxl'));
    expect(sdxl).toMatchObject({ type: 'sdxl', demo: false, vaeScalingFactor: 0.13025 });
    expect(Object.keys(sdxl.components).sort()).toEqual(['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder']);
    expect(sdxl.tokenizerDirs).toHaveLength(2);
    const sd = await loadModelFolder(await fakeFolder('sd'));
    expect(sd.type).toBe('sd');
    expect(sd.tokenizerDirs).toHaveLength(1);
  });

  it('names a missing folder', async () => {
    await expectFolderError('/nonexistent/model', /model folder not found: expected a directory \/nonexistent\/model/);
  });

  it('names a missing model_index.json', async () => {
    const dir = await fakeFolder('sd');
    await rm(join(dir, 'model_index.json'));
    await expectFolderError(dir, /model_index\.json.*ENOENT/);
  });

  it('names malformed JSON', async () => {
    const dir = await fakeFolder('sd');
    await writeFile(join(dir, 'model_index.json'), '{"_class_name": ');
    await expectFolderError(dir, /malformed .*model_index\.json: expected valid JSON/);
  });

  it('names an unsupported pipeline (e.g. a Flux folder)', async () => {
    const dir = await fakeFolder('sd');
    await writeFile(join(dir, 'model_index.json'), JSON.stringify({ _class_name: 'FluxPipeline' }));
    await expectFolderError(dir, /unsupported pipeline: expected StableDiffusionXLPipeline.*found "FluxPipeline"/);
  });

  it('names the wrong model type', async () => {
    await expectFolderError(await fakeFolder('sd'), /wrong model type.*expected a sdxl model, found a sd model/, 'sdxl');
  });

  it('names a missing component', async () => {
    const dir = await fakeFolder('sdxl');
    await rm(join(dir, 'text_encoder_2'), { recursive: true });
    await expectFolderError(dir, /missing text_encoder_2: expected a file .*text_encoder_2\/model\.onnx, found no such file/);
  });

  it('names a truncated (near-empty) model file', async () => {
    const dir = await fakeFolder('sd');
    await writeFile(join(dir, 'unet', 'model.onnx'), '');
    await expectFolderError(dir, /unet\/model\.onnx is truncated: expected an ONNX protobuf, found 0 bytes/);
  });

  it('names a missing tokenizer file', async () => {
    const dir = await fakeFolder('sd');
    await rm(join(dir, 'tokenizer', 'merges.txt'));
    await expectFolderError(dir, /tokenizer\/merges\.txt, found no such file/);
  });

  it('names a corrupt model file when onnxruntime parses it', async () => {
    const dir = await fakeFolder('sd');
    const folder = await loadModelFolder(dir);
    const attempt = createSessions({ unet: folder.components.unet! }, 'cpu', () => {});
    await expect(attempt).rejects.toThrow(/unet: onnxruntime cannot load .*unet\/model\.onnx: expected a complete, valid ONNX model/);
  });
});
