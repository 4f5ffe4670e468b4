import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFolderError, ModelTensorError } from '../errors.js';
import { tinyModelDir } from '../test/tinyModels.js';
import { DiffusionPipeline } from './DiffusionPipeline.js';

const REQUEST = { prompt: 'a preview of a fox', seed: 5, steps: 1, width: 128, height: 128 };
const quiet = (): void => {};

describe('preview decoder', () => {
  it('decodes preview requests with the preview decoder and others with the VAE', async () => {
    const modelDir = await tinyModelDir({ type: 'sdxl', dtype: 'float32' });
    // The model's own VAE decoder folder stands in for a TAESD folder: same I/O, and its config's
    // scaling factor makes the preview exactly the full decode, so the bytes must match.
    const pipeline = await DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 0, log: quiet, previewDecoderDir: join(modelDir, 'vae_decoder') });
    expect(pipeline.info.previewDecoder).toBe(true);
    const full = await pipeline.generate(REQUEST);
    const preview = await pipeline.generate({ ...REQUEST, preview: true });
    expect(full.timings.decode).toBeGreaterThan(0);
    expect(preview.timings.decodePreview).toBeGreaterThan(0);
    expect(preview.timings.decode).toBeUndefined();
    expect(Buffer.from(preview.image).equals(Buffer.from(full.image))).toBe(true);
    await pipeline.dispose();
  });

  it('falls back to the VAE when no preview decoder is loaded', async () => {
    const pipeline = await DiffusionPipeline.load({ modelDir: await tinyModelDir({ type: 'sd', dtype: 'float32' }), device: 'cpu', warmupSizePx: 0, log: quiet });
    expect(pipeline.info.previewDecoder).toBe(false);
    const result = await pipeline.generate({ ...REQUEST, preview: true });
    expect(result.timings.decode).toBeGreaterThan(0);
    await pipeline.dispose();
  });

  it('names a missing or unsuitable preview decoder', async () => {
    const modelDir = await tinyModelDir({ type: 'sd', dtype: 'float32' });
    const load = (previewDecoderDir: string) => DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 0, log: quiet, previewDecoderDir });
    await expect(load('/nonexistent/taesd')).rejects.toBeInstanceOf(ModelFolderError);
    await expect(load(join(modelDir, 'unet'))).rejects.toBeInstanceOf(ModelTensorError);
    await expect(load(join(modelDir, 'unet'))).rejects.toThrow(/preview decoder has unexpected tensors: expected one float input/);
  });
});
