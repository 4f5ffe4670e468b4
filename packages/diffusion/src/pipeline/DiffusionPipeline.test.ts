import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors.js';
import { isJpeg, isWebp, tinyModelDir, type TinyVariant } from '../test/tinyModels.js';
import { DiffusionPipeline } from './DiffusionPipeline.js';

const VARIANTS: TinyVariant[] = [
  { type: 'sdxl', dtype: 'float32', withVaeEncoder: true },
  { type: 'sdxl', dtype: 'float16', withVaeEncoder: true },
  { type: 'sd', dtype: 'float32', withVaeEncoder: true },
  { type: 'sd', dtype: 'float16', withVaeEncoder: true },
];
const REQUEST = { prompt: 'a red fox in the snow, 35mm', seed: 7, steps: 2, width: 128, height: 96 };
const quiet = (): void => {};

async function rgbOf(image: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await sharp(image).raw().toBuffer());
}

describe.each(VARIANTS)('DiffusionPipeline on tiny $type $dtype', (variant) => {
  let pipeline: DiffusionPipeline;

  beforeAll(async () => {
    pipeline = await DiffusionPipeline.load({ modelDir: await tinyModelDir(variant), device: 'cpu', warmupSizePx: 64, log: quiet });
  });
  afterAll(() => pipeline?.dispose());

  it('reports what is loaded', () => {
    expect(pipeline.info).toMatchObject({ modelType: variant.type, dtype: variant.dtype, provider: 'cpu', demo: false });
  });

  it('writes a real JPEG of the requested size with stage timings', async () => {
    const result = await pipeline.generate({ ...REQUEST, prompt: `${REQUEST.prompt} (size)` });
    expect(isJpeg(result.image)).toBe(true);
    expect(result.mime).toBe('image/jpeg');
    const meta = await sharp(result.image).metadata();
    expect([meta.width, meta.height]).toEqual([128, 96]);
    for (const stage of ['tokenize', 'textEncode', 'unetStep1', 'unetStep2', 'decode', 'encode', 'onnxRun']) {
      expect(result.timings[stage], stage).toBeGreaterThanOrEqual(0);
    }
    expect(result.timings.unetStep3).toBeUndefined();
    expect(result.genMs).toBeGreaterThan(0);
  });

  it('gives byte-identical images for the same request, and different ones for another seed or prompt', async () => {
    const a = await pipeline.generate(REQUEST);
    const b = await pipeline.generate(REQUEST);
    expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
    const otherSeed = await pipeline.generate({ ...REQUEST, seed: 8 });
    const otherPrompt = await pipeline.generate({ ...REQUEST, prompt: 'a blue whale at dusk' });
    expect(Buffer.from(otherSeed.image).equals(Buffer.from(a.image))).toBe(false);
    expect(Buffer.from(otherPrompt.image).equals(Buffer.from(a.image))).toBe(false);
  });

  it('skips the text encoders on a cached prompt', async () => {
    const prompt = `cache probe ${variant.type} ${variant.dtype}`;
    const miss = await pipeline.generate({ ...REQUEST, prompt });
    expect(miss.timings.textCacheHit).toBeUndefined();
    expect(miss.timings.textEncode).toBeGreaterThan(0);
    const hit = await pipeline.generate({ ...REQUEST, prompt, seed: 99, steps: 1 });
    expect(hit.timings.textCacheHit).toBe(1);
    expect(hit.timings.textEncode).toBeUndefined();
    // Case and spacing do not change CLIP's tokens, so they hit the cache too.
    const respaced = await pipeline.generate({ ...REQUEST, prompt: `  ${prompt.toUpperCase()}  ` });
    expect(respaced.timings.textCacheHit).toBe(1);
    // The cached conditioning is the same as a fresh one: same request, same bytes.
    const again = await pipeline.generate({ ...REQUEST, prompt });
    expect(Buffer.from(again.image).equals(Buffer.from(miss.image))).toBe(true);
  });

  it('renders a prompt past CLIP\'s 77 tokens, truncated, and says how much was read', async () => {
    const short = await pipeline.generate(REQUEST);
    expect(short.promptTokens).toMatchObject({ limit: 75, truncated: false });
    expect(short.promptTokens!.used).toBe(short.promptTokens!.total);
    const words = 'a lighthouse on a cliff at sunset, oil painting, dramatic sky, ';
    const long = words.repeat(Math.ceil(2_518 / words.length)).slice(0, 2_518);
    const result = await pipeline.generate({ ...REQUEST, prompt: long });
    expect(isJpeg(result.image)).toBe(true);
    expect(result.promptTokens).toMatchObject({ used: 75, limit: 75, truncated: true });
    expect(result.promptTokens!.total).toBeGreaterThan(300);
    // Text past the 75th token does not reach the encoders: a different tail is the same conditioning.
    const otherTail = await pipeline.generate({ ...REQUEST, prompt: `${long.slice(0, 1_500)} and something else entirely` });
    expect(otherTail.timings.textCacheHit).toBe(1);
    expect(Buffer.from(otherTail.image).equals(Buffer.from(result.image))).toBe(true);
  });

  it('runs 1 to 4 steps and encodes WebP on request', async () => {
    const one = await pipeline.generate({ ...REQUEST, steps: 1, format: 'webp' });
    expect(isWebp(one.image)).toBe(true);
    expect(one.mime).toBe('image/webp');
    const four = await pipeline.generate({ ...REQUEST, steps: 4 });
    expect(four.timings.unetStep4).toBeGreaterThan(0);
  });

  it('rejects bad requests with a named error and keeps working', async () => {
    await expect(pipeline.generate({ ...REQUEST, steps: 9 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(pipeline.generate({ ...REQUEST, width: 100 })).rejects.toThrow(/multiple of 8/);
    await expect(pipeline.generate({ ...REQUEST, prompt: '' })).rejects.toThrow(/empty prompt/);
    expect(isJpeg((await pipeline.generate(REQUEST)).image)).toBe(true);
  });

  it('runs img2img through the vae_encoder', async () => {
    expect(pipeline.info.img2img).toBe(true);
    const init = (await pipeline.generate({ ...REQUEST, prompt: 'init image' })).image;
    const request = { ...REQUEST, initImage: init, strength: 0.5 };
    const a = await pipeline.generate(request);
    expect(a.timings.unetStep1).toBeGreaterThan(0);
    expect(a.timings.unetStep2).toBeUndefined(); // 2 steps x 0.5 strength = 1 step
    const b = await pipeline.generate(request);
    expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
    const text2img = await pipeline.generate(REQUEST);
    expect(Buffer.from(text2img.image).equals(Buffer.from(a.image))).toBe(false);
    await expect(pipeline.generate({ ...request, initImage: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/initImage cannot be decoded/);
  });

  it('takes raw RGBA pixels as the init image, as the decoded encoded image would give', async () => {
    const init = (await pipeline.generate({ ...REQUEST, prompt: 'init image', format: 'webp', quality: 100 })).image;
    const { data, info } = await sharp(init).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const raw = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 4 as const };
    const fromPixels = await pipeline.generate({ ...REQUEST, initImage: raw, strength: 0.5 });
    const fromLossless = await pipeline.generate({ ...REQUEST, initImage: await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer(), strength: 0.5 });
    expect(Buffer.from(fromPixels.image).equals(Buffer.from(fromLossless.image))).toBe(true);
  });
});

describe('a folder without a vae_encoder', () => {
  it('refuses img2img with a named error and still makes text-to-image frames', async () => {
    const pipeline = await DiffusionPipeline.load({ modelDir: await tinyModelDir({ type: 'sd', dtype: 'float32' }), device: 'cpu', warmupSizePx: 0, log: quiet });
    try {
      const init = (await pipeline.generate(REQUEST)).image;
      expect(pipeline.info.img2img).toBe(false);
      await expect(pipeline.generate({ ...REQUEST, initImage: init, strength: 0.5 })).rejects.toBeInstanceOf(InvalidRequestError);
      expect(isJpeg((await pipeline.generate(REQUEST)).image)).toBe(true);
    } finally {
      await pipeline.dispose();
    }
  });
});

describe('float16 and float32 folders agree', () => {
  it.each(['sdxl', 'sd'] as const)('%s images differ only by rounding', async (type) => {
    const images: Uint8Array[] = [];
    for (const dtype of ['float32', 'float16'] as const) {
      const pipeline = await DiffusionPipeline.load({ modelDir: await tinyModelDir({ type, dtype }), device: 'cpu', warmupSizePx: 0, log: quiet });
      images.push(await rgbOf((await pipeline.generate({ ...REQUEST, quality: 100 })).image));
      await pipeline.dispose();
    }
    let total = 0;
    for (let i = 0; i < images[0]!.length; i++) total += Math.abs(images[0]![i]! - images[1]![i]!);
    expect(total / images[0]!.length).toBeLessThan(4); // mean absolute difference per channel, in 0-255 steps
  });
});
