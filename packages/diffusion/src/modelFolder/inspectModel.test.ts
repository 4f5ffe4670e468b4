import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFolderError } from '../errors.js';
import { tinyModelCopy, tinyModelDir } from '../test/tinyModels.js';
import { inspectModel } from './inspectModel.js';

describe('inspectModel', () => {
  it('reports components, tensors and derived settings of an SDXL folder', async () => {
    const dir = await tinyModelDir({ type: 'sdxl', dtype: 'float16' });
    const report = await inspectModel(dir);
    expect(report).toMatchObject({ modelType: 'sdxl', demo: false, floatType: 'float16', vaeScalingFactor: 0.13025, img2img: false });
    expect(report.signatureError).toBeUndefined();
    expect(Object.keys(report.components).sort()).toEqual(['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder']);
    expect(report.components.text_encoder!.inputs).toEqual([{ name: 'input_ids', type: expect.stringMatching(/^int(32|64)$/), shape: [expect.anything(), 77] }]);
    expect(report.components.unet!.inputs.map((i) => i.name)).toContain('time_ids');
    expect(report.components.unet!.bytes).toBeGreaterThan(0);
    expect(report.tokenizers.map((t) => t.padToken)).toEqual(['<|endoftext|>', '!']);
    expect(report.scheduler.className).toBe('EulerAncestralDiscreteScheduler');
  });

  it('reports an SD folder with its vae_encoder', async () => {
    const report = await inspectModel(await tinyModelDir({ type: 'sd', dtype: 'float32', withVaeEncoder: true }));
    expect(report).toMatchObject({ modelType: 'sd', floatType: 'float32', vaeScalingFactor: 0.18215, img2img: true });
    expect(report.tokenizers).toHaveLength(1);
    expect(report.tokenizers[0]).toMatchObject({ padToken: '!', maxLength: 77 });
  });

  it('keeps reporting when the tensors do not fit, naming the problem', async () => {
    const dir = await tinyModelCopy({ type: 'sd', dtype: 'float32' });
    await copyFile(join(await tinyModelDir({ type: 'sdxl', dtype: 'float32' }), 'unet', 'model.onnx'), join(dir, 'unet', 'model.onnx'));
    const report = await inspectModel(dir);
    expect(report.signatureError).toMatch(/wrong model type/);
    expect(report.floatType).toBeUndefined();
  });

  it('throws the named folder error for a broken folder', async () => {
    await expect(inspectModel('/nonexistent/model')).rejects.toBeInstanceOf(ModelFolderError);
  });
});
