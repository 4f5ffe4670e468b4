import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feed, floats } from '../test/referenceEuler.js';
import { openSession, removeTempDir, writeTempModel } from '../test/tempModel.js';

const [h, w] = [6, 10];
/** A smooth latent (scaled latent units, as the scheduler holds them). */
const smoothLatent = Array.from({ length: 4 * h * w }, (_, i) => {
  const [c, y, x] = [Math.floor(i / (h * w)), Math.floor(i / w) % h, i % w];
  return 0.8 * Math.sin(0.5 * x + c) + 0.6 * Math.cos(0.7 * y - c);
});

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeTempDir(dir);
});

describe.each([
  { type: 'sdxl', dtype: 'float32', scalingFactor: 0.13025 },
  { type: 'sd', dtype: 'float16', scalingFactor: 0.18215 },
] as const)('tiny vae $type $dtype', ({ type, dtype, scalingFactor }) => {
  let decoder: ort.InferenceSession;
  let encoder: ort.InferenceSession;
  beforeAll(async () => {
    const dir = await writeTempModel({ type, dtype, withVaeEncoder: true });
    dirs.push(dir);
    [decoder, encoder] = [await openSession(dir, 'vae_decoder'), await openSession(dir, 'vae_encoder')];
  });
  afterAll(async () => {
    await decoder.release();
    await encoder.release();
  });

  const decode = async (latent: number[]) => {
    const input = latent.map((v) => v / scalingFactor);
    const out = await decoder.run({ latent_sample: feed(decoder, 'latent_sample', input, [1, 4, h, w]) });
    expect((out.sample as ort.Tensor).dims).toEqual([1, 3, 8 * h, 8 * w]);
    return floats(out.sample);
  };

  it('decodes latents / scaling_factor to a varied image inside (-1, 1)', async () => {
    const image = await decode(smoothLatent);
    const [min, max] = [Math.min(...image), Math.max(...image)];
    expect(min).toBeGreaterThan(-1);
    expect(max).toBeLessThan(1);
    expect(max - min).toBeGreaterThan(0.5);
  });

  it('encodes an image back to a latent that decodes to nearly the same image', async () => {
    const image = await decode(smoothLatent);
    const out = await encoder.run({ sample: feed(encoder, 'sample', image, [1, 3, 8 * h, 8 * w]) });
    const [name] = encoder.outputNames;
    const encoded = floats(out[name as string]);
    const mean = Array.from(encoded.subarray(0, 4 * h * w), (v) => v * scalingFactor);
    if (encoded.length === 8 * h * w) expect(encoded[4 * h * w]).toBeCloseTo(-6, 1);
    const again = await decode(mean);
    let error = 0;
    for (let i = 0; i < image.length; i++) error += Math.abs((image[i] ?? 0) - (again[i] ?? 0));
    expect(error / image.length).toBeLessThan(0.03);
  });
});
