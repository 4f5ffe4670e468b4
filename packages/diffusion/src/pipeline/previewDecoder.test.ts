import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFolderError, ModelTensorError } from '../errors.js';
import sharp from 'sharp';
import { tinyModelCopy, tinyModelDir } from '../test/tinyModels.js';
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

  it('the tiny TAESD-style decoder of the demo set previews the same picture, warmed up at load', async () => {
    const modelDir = await tinyModelCopy({ type: 'sdxl', dtype: 'float16' }, { withPreviewDecoder: true });
    const pipeline = await DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 64, log: quiet, previewDecoderDir: join(modelDir, 'preview_decoder') });
    try {
      // The load's warm-up ran every session the server will use, the preview decoder included.
      const startup = pipeline.sessionStartup;
      expect(Object.keys(startup).sort()).toEqual(['preview_decoder', 'text_encoder', 'text_encoder_2', 'unet', 'vae_decoder']);
      for (const session of Object.values(startup)) expect(session.firstRunMs).toBeGreaterThan(0);
      const full = await pipeline.generate(REQUEST);
      const preview = await pipeline.generate({ ...REQUEST, preview: true });
      expect(Buffer.from(preview.image).equals(Buffer.from(full.image))).toBe(false);
      const [fullStats, previewStats] = await Promise.all([sharp(full.image).stats(), sharp(preview.image).stats()]);
      // Same colour map, nearest instead of bilinear upsampling: channel means agree within a few levels.
      fullStats.channels.forEach((channel, i) => expect(Math.abs(channel.mean - previewStats.channels[i]!.mean)).toBeLessThan(6));
    } finally {
      await pipeline.dispose();
    }
  });

  it('finds the model in a vae_decoder/ subfolder (an Optimum export of a whole AutoencoderTiny)', async () => {
    const modelDir = await tinyModelDir({ type: 'sdxl', dtype: 'float32' });
    // The model folder itself has vae_decoder/model.onnx: the same layout as a fetched TAESDXL repository.
    const pipeline = await DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 0, log: quiet, previewDecoderDir: modelDir });
    expect(pipeline.info.previewDecoder).toBe(true);
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
