import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoModel } from './demoModel.js';
import { imageDifference, neighbourDifference, spread, writePngStrip } from './test/imageMetrics.js';
import { generate, openReferenceModel, type ReferenceImage, type ReferenceModel } from './test/referenceEuler.js';
import { removeTempDir, writeTempModel } from './test/tempModel.js';

/**
 * The demo's promise, checked through a reference Euler loop over real onnxruntime sessions: images depend on the
 * prompt and on the seed, and they are smooth colour fields (not constant, not noise) after 1 to 4 steps.
 */
const PROMPTS = ['a photo of a cat', 'a red sunset over the ocean', 'astronaut riding a horse'];

describe.each([
  { label: 'demo sdxl float32 (Euler ancestral)', variant: undefined, ancestral: true },
  { label: 'sd float16 (Euler)', variant: { type: 'sd', dtype: 'float16' }, ancestral: false },
] as const)('reference loop over $label', ({ label, variant, ancestral }) => {
  let model: ReferenceModel;
  let tempDir: string | undefined;
  beforeAll(async () => {
    tempDir = variant === undefined ? undefined : await writeTempModel(variant);
    model = await openReferenceModel(tempDir ?? (await ensureDemoModel()));
  });
  afterAll(async () => {
    await model.release();
    if (tempDir !== undefined) await removeTempDir(tempDir);
  });
  const draw = (prompt: string, seed: number, steps = 1, size = 256): Promise<ReferenceImage> =>
    generate(model, { prompt, seed, steps, width: size, height: size, ancestral });

  it('gives clearly different images for different prompts', async () => {
    const images = await Promise.all(PROMPTS.map((prompt) => draw(prompt, 42)));
    for (let i = 0; i < images.length; i++) {
      for (let j = i + 1; j < images.length; j++) {
        expect(imageDifference(images[i] as ReferenceImage, images[j] as ReferenceImage)).toBeGreaterThan(0.1);
      }
    }
    await writePngStrip(images, join(tmpdir(), `promptjam-models-${label.split(' ')[0]}-prompts.png`));
  });

  it('gives different images for different seeds', async () => {
    const images = await Promise.all([1, 2, 3].map((seed) => draw(PROMPTS[0] as string, seed)));
    expect(imageDifference(images[0] as ReferenceImage, images[1] as ReferenceImage)).toBeGreaterThan(0.1);
    expect(imageDifference(images[1] as ReferenceImage, images[2] as ReferenceImage)).toBeGreaterThan(0.1);
    await writePngStrip(images, join(tmpdir(), `promptjam-models-${label.split(' ')[0]}-seeds.png`));
  });

  it('draws smooth, non-constant colour fields at 1 and 4 steps and any multiple-of-8 size', async () => {
    for (const [steps, width, height] of [
      [1, 512, 512],
      [4, 256, 256],
      [2, 320, 200],
    ] as const) {
      const image = await generate(model, { prompt: PROMPTS[1] as string, seed: 7, steps, width, height, ancestral });
      const [s, d] = [spread(image), neighbourDifference(image)];
      expect(s, `spread at ${steps} steps ${width}x${height}`).toBeGreaterThan(0.1);
      expect(d / s, `neighbour difference / spread at ${steps} steps ${width}x${height}`).toBeLessThan(0.05);
    }
  });

  it('keeps the picture when the step count changes', async () => {
    const [one, four] = [await draw(PROMPTS[2] as string, 5, 1), await draw(PROMPTS[2] as string, 5, 4)];
    const other = await draw(PROMPTS[0] as string, 5, 1);
    expect(imageDifference(one, four)).toBeLessThan(imageDifference(one, other) / 2);
  });
});

describe('costScale', () => {
  it('makes the UNet heavier without changing the picture', async () => {
    const heavyDir = await writeTempModel({ type: 'sdxl', dtype: 'float32', costScale: 6 });
    const [light, heavy] = [await openReferenceModel(await ensureDemoModel()), await openReferenceModel(heavyDir)];
    try {
      const request = { prompt: 'a castle on a hill', seed: 3, steps: 2, width: 192, height: 128, ancestral: true };
      const [a, b] = [await generate(light, request), await generate(heavy, request)];
      const other = await generate(light, { ...request, prompt: 'a bowl of fruit' });
      expect(imageDifference(a, b)).toBeGreaterThan(0);
      expect(imageDifference(a, b)).toBeLessThan(imageDifference(a, other) / 5);
    } finally {
      await light.release();
      await heavy.release();
      await removeTempDir(heavyDir);
    }
  });
});
