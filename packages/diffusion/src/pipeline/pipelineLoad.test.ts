import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecutionProviderError, ModelFolderError, ModelTensorError, WebGpuUnavailableError } from '../errors.js';
import { tinyModelCopy, tinyModelDir } from '../test/tinyModels.js';
import { DiffusionPipeline } from './DiffusionPipeline.js';

const quiet = (): void => {};
const load = (modelDir: string, extra: Partial<Parameters<typeof DiffusionPipeline.load>[0]> = {}) =>
  DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 0, log: quiet, ...extra });

describe('execution provider choice on a machine without CUDA or a WebGPU adapter', () => {
  it('device auto falls back to CPU and says why', async () => {
    const notes: string[] = [];
    const pipeline = await load(await tinyModelDir({ type: 'sd', dtype: 'float32' }), { device: 'auto', log: (m) => notes.push(m) });
    expect(pipeline.info.provider).toBe('cpu');
    expect(pipeline.info.providerNote).toMatch(/^CUDA provider not installed; no WebGPU adapter \([a-z-]+\); using CPU \(slow; GPU set-up: docs\/DEPLOY\.md.*\)$/);
    expect(notes.join('\n')).toMatch(/using CPU/);
    await pipeline.dispose();
  });

  it('device webgpu fails with the named error and the fix, never a CPU run', async () => {
    const attempt = load(await tinyModelDir({ type: 'sd', dtype: 'float32' }), { device: 'webgpu' });
    await expect(attempt).rejects.toBeInstanceOf(WebGpuUnavailableError);
    await expect(attempt).rejects.toThrow(/--device webgpu: no WebGPU adapter .*fix: .*(apt-get install libvulkan1|driver|vulkaninfo)/);
  });

  it('device cuda fails with a named error and the install hint', async () => {
    const attempt = load(await tinyModelDir({ type: 'sd', dtype: 'float32' }), { device: 'cuda' });
    await expect(attempt).rejects.toBeInstanceOf(ExecutionProviderError);
    await expect(load(await tinyModelDir({ type: 'sd', dtype: 'float32' }), { device: 'cuda' })).rejects.toThrow(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
  });
});

describe('bad model folders', () => {
  it('names a truncated model.onnx', async () => {
    const dir = await tinyModelCopy({ type: 'sd', dtype: 'float32' });
    const path = join(dir, 'unet', 'model.onnx');
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const attempt = load(dir);
    await expect(attempt).rejects.toBeInstanceOf(ModelFolderError);
    await expect(load(dir)).rejects.toThrow(/unet: onnxruntime cannot load .*unet\/model\.onnx: expected a complete, valid ONNX model/);
  });

  it('names the wrong model type when asked for one', async () => {
    await expect(load(await tinyModelDir({ type: 'sd', dtype: 'float32' }), { expectType: 'sdxl' })).rejects.toThrow(/expected a sdxl model, found a sd model/);
  });

  it('names an SD unet inside an SDXL folder (missing text_embeds)', async () => {
    const dir = await tinyModelCopy({ type: 'sdxl', dtype: 'float32' });
    await copyFile(join(await tinyModelDir({ type: 'sd', dtype: 'float32' }), 'unet', 'model.onnx'), join(dir, 'unet', 'model.onnx'));
    const attempt = load(dir);
    await expect(attempt).rejects.toBeInstanceOf(ModelTensorError);
    await expect(load(dir)).rejects.toThrow(/unet has no input 'text_embeds'|encoder_hidden_states' width/);
  });

  it('names an SDXL unet inside an SD folder', async () => {
    const dir = await tinyModelCopy({ type: 'sd', dtype: 'float32' });
    await copyFile(join(await tinyModelDir({ type: 'sdxl', dtype: 'float32' }), 'unet', 'model.onnx'), join(dir, 'unet', 'model.onnx'));
    await expect(load(dir)).rejects.toThrow(/wrong model type: the unet takes SDXL conditioning/);
  });

  it('names a text encoder without hidden states', async () => {
    const dir = await tinyModelCopy({ type: 'sdxl', dtype: 'float32' });
    // The UNet is not a text encoder: it has neither input_ids nor hidden_states outputs.
    await copyFile(join(dir, 'vae_decoder', 'model.onnx'), join(dir, 'text_encoder', 'model.onnx'));
    await expect(load(dir)).rejects.toThrow(/text_encoder has no input 'input_ids': expected input 'input_ids', found latent_sample/);
  });
});
