import { describe, expect, it } from 'vitest';
import type { TinyModelOptions } from '@promptjam/models';
import { isJpeg, tinyModelCopy, type TinyVariant } from '../test/tinyModels.js';
import { DiffusionPipeline } from './DiffusionPipeline.js';

/**
 * Exporters differ in the dtype and rank of `input_ids` and `timestep` and in the VAE encoder's output.
 * The engine reads them from the metadata; each combination must run and stay deterministic.
 */
const CASES: Array<[string, TinyVariant, Partial<TinyModelOptions>]> = [
  ['sdxl fp16, scalar float16 timestep, int32 ids', { type: 'sdxl', dtype: 'float16' }, { timestepShape: 'scalar', timestepType: 'float16', inputIdsType: 'int32' }],
  ['sdxl fp32, [batch] int64 timestep, int64 ids', { type: 'sdxl', dtype: 'float32' }, { timestepShape: 'batch', timestepType: 'int64', inputIdsType: 'int64' }],
  ['sd fp16, [1] float32 timestep', { type: 'sd', dtype: 'float16' }, { timestepShape: 'one', timestepType: 'float32' }],
  ['sd fp32, vae_encoder with latent_sample', { type: 'sd', dtype: 'float32', withVaeEncoder: true }, { vaeEncoderOutput: 'latent_sample' }],
  ['sdxl fp16, vae_encoder with latent_parameters', { type: 'sdxl', dtype: 'float16', withVaeEncoder: true }, { vaeEncoderOutput: 'latent_parameters' }],
];
const REQUEST = { prompt: 'a paper boat on a puddle', seed: 11, steps: 2, width: 64, height: 64 };

describe.each(CASES)('exporter variant: %s', (_label, variant, overrides) => {
  it('loads, runs and repeats byte for byte', async () => {
    const modelDir = await tinyModelCopy(variant, overrides);
    const pipeline = await DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 0, log: () => {} });
    try {
      const a = await pipeline.generate(REQUEST);
      const b = await pipeline.generate({ ...REQUEST, prompt: `${REQUEST.prompt} ` }); // cache hit, same ids
      expect(isJpeg(a.image)).toBe(true);
      expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
      if (variant.withVaeEncoder) {
        const img2img = await pipeline.generate({ ...REQUEST, initImage: a.image, strength: 0.5 });
        expect(isJpeg(img2img.image)).toBe(true);
      }
    } finally {
      await pipeline.dispose();
    }
  });
});
