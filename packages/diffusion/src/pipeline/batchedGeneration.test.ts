import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors.js';
import type { ModelSignature } from '../modelFolder/checkSignature.js';
import { tinyModelDir, type TinyVariant } from '../test/tinyModels.js';
import { unetAcceptsBatch } from './batchTensors.js';
import { DiffusionPipeline } from './DiffusionPipeline.js';

/**
 * The batch contract: a request denoised together with others gives the picture it gets alone. Batched kernels
 * may sum in another order, so decoded pixels are compared with a tolerance: at most 2/255 per channel anywhere
 * (JPEG re-quantises near-identical inputs to near-identical outputs).
 */
const MAX_CHANNEL_DIFF = 2;

const VARIANTS: TinyVariant[] = [
  { type: 'sdxl', dtype: 'float32' },
  { type: 'sdxl', dtype: 'float16' },
  { type: 'sd', dtype: 'float32' },
];
const BASE = { steps: 2, width: 128, height: 96 };
const REQUESTS = [
  { ...BASE, prompt: 'a red fox in the snow', seed: 1 },
  { ...BASE, prompt: 'a blue whale at dusk', seed: 2 },
  { ...BASE, prompt: 'a red fox in the snow', seed: 3 },
  { ...BASE, prompt: 'a lighthouse, oil painting', seed: 4 },
];
const quiet = (): void => {};

async function pixels(image: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await sharp(image).raw().toBuffer());
}

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

async function renderAll(pipeline: DiffusionPipeline, requests: typeof REQUESTS) {
  const rendered = await pipeline.renderBatch(requests);
  return Promise.all(rendered.map((frame) => (frame instanceof Error ? Promise.reject(frame) : pipeline.encodeFrame(frame))));
}

describe.each(VARIANTS)('batched generation on tiny $type $dtype', (variant) => {
  let pipeline: DiffusionPipeline;
  beforeAll(async () => {
    pipeline = await DiffusionPipeline.load({ modelDir: await tinyModelDir(variant), device: 'cpu', warmupSizePx: 0, log: quiet });
  });
  afterAll(() => pipeline?.dispose());

  it('denoises compatible requests in one batch, each matching its frame rendered alone', async () => {
    expect(pipeline.info.dynamicBatch).toBe(true);
    const batched = await renderAll(pipeline, REQUESTS);
    expect(batched.map((r) => r.timings.batchSize)).toEqual([4, 4, 4, 4]);
    for (const [i, request] of REQUESTS.entries()) {
      const alone = await pipeline.generate(request);
      expect(alone.timings.batchSize).toBe(1);
      expect(maxDiff(await pixels(batched[i]!.image), await pixels(alone.image)), request.prompt).toBeLessThanOrEqual(MAX_CHANNEL_DIFF);
    }
    // Different seeds of one prompt stay different pictures inside one batch.
    expect(maxDiff(await pixels(batched[0]!.image), await pixels(batched[2]!.image))).toBeGreaterThan(MAX_CHANNEL_DIFF);
  });

  it('splits a mixed batch by size and step count, and fails a bad request alone', async () => {
    const mixed = [REQUESTS[0]!, { ...REQUESTS[1]!, steps: 1 }, { ...REQUESTS[3]!, width: 64 }, { ...REQUESTS[2]!, steps: 9 }, REQUESTS[3]!];
    const rendered = await pipeline.renderBatch(mixed);
    expect(rendered[3]).toBeInstanceOf(InvalidRequestError);
    const sizes = rendered.map((frame) => (frame instanceof Error ? 'error' : frame.batchSize));
    expect(sizes).toEqual([2, 1, 1, 'error', 2]);
  });
});

describe('unetAcceptsBatch', () => {
  const spec = (name: string, shape: Array<number | string>) => ({ name, type: 'float32', shape });
  const signature = (batch: number | string): ModelSignature =>
    ({
      unet: {
        sample: spec('sample', [batch, 4, 'h', 'w']),
        timestep: spec('timestep', [1]),
        encoderHiddenStates: spec('encoder_hidden_states', [batch, 77, 80]),
        textEmbeds: spec('text_embeds', [batch, 40]),
        timeIds: spec('time_ids', [batch, 6]),
        output: 'out_sample',
      },
    }) as unknown as ModelSignature;

  it('accepts symbolic or -1 batch axes and refuses an export fixed at batch 1', () => {
    expect(unetAcceptsBatch(signature('batch_size'))).toBe(true);
    expect(unetAcceptsBatch(signature(-1))).toBe(true);
    expect(unetAcceptsBatch(signature(1))).toBe(false);
  });
});

describe('batch-shape warm-up at load', () => {
  it('warms every batch shape up to maxBatch, and none by default on the CPU', async () => {
    const modelDir = await tinyModelDir({ type: 'sdxl', dtype: 'float32' });
    const warmed = await DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 64, maxBatch: 3, log: quiet });
    const plain = await DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 64, log: quiet });
    try {
      expect(warmed.info.warmedBatchSizes).toEqual([2, 3]);
      expect(plain.info.warmedBatchSizes).toEqual([]);
      // The warm-up's prompts leave nothing in the text cache a room could hit.
      expect(warmed.textCacheSize).toBe(0);
    } finally {
      await Promise.all([warmed.dispose(), plain.dispose()]);
    }
  });
});
