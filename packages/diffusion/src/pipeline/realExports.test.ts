import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editedRealExport, REAL_EXPORT_FOLDERS, REAL_EXPORTS_DIR } from '../test/realExports.js';
import { isJpeg } from '../test/tinyModels.js';
import { DiffusionPipeline } from './DiffusionPipeline.js';

/**
 * Real exporter output (diffusers/transformers classes, torch.onnx, Olive's names; ../shared/data/real-exports):
 * every folder loads and makes deterministic 512x512 frames, text-to-image and img2img, on the CPU.
 */
const TEXT_TO_IMAGE = { prompt: 'a lighthouse on a cliff at dusk', seed: 21, steps: 1, width: 512, height: 512 };
const quiet = (): void => {};
const load = (modelDir: string) => DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 0, log: quiet });

it('finds the real exports beside the repository', () => {
  expect(existsSync(join(REAL_EXPORTS_DIR, 'README.md')), `${REAL_EXPORTS_DIR} (../shared beside the checkout)`).toBe(true);
});

describe.each(REAL_EXPORT_FOLDERS)('real export %s', (folder) => {
  let pipeline: DiffusionPipeline;
  beforeAll(async () => {
    pipeline = await load(join(REAL_EXPORTS_DIR, folder));
  }, 120_000);
  afterAll(() => pipeline?.dispose());

  it('makes the same 512x512 frame twice for one seed, another for another seed', async () => {
    const a = await pipeline.generate(TEXT_TO_IMAGE);
    const b = await pipeline.generate(TEXT_TO_IMAGE);
    const c = await pipeline.generate({ ...TEXT_TO_IMAGE, seed: 22 });
    expect(isJpeg(a.image)).toBe(true);
    expect(await sharp(a.image).metadata()).toMatchObject({ width: 512, height: 512 });
    expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
    expect(Buffer.from(c.image).equals(Buffer.from(a.image))).toBe(false);
  }, 120_000);

  it('runs img2img through its vae_encoder, deterministically', async () => {
    const init = (await pipeline.generate(TEXT_TO_IMAGE)).image;
    const request = { ...TEXT_TO_IMAGE, steps: 2, initImage: init, strength: 0.5 };
    const a = await pipeline.generate(request);
    const b = await pipeline.generate(request);
    expect(a.timings.unetStep1).toBeGreaterThan(0);
    expect(a.timings.unetStep2).toBeUndefined(); // floor(2 * 0.5) = 1 step
    expect(await sharp(a.image).metadata()).toMatchObject({ width: 512, height: 512 });
    expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
  }, 120_000);
});

/**
 * Optimum's conventions, made by editing copies of the real exports: each edit only changes how a tensor enters or
 * leaves the graph, so the frames must be byte-identical to the unedited folder's.
 */
describe('real exports edited into Optimum conventions (rank-0 timestep, latent_parameters, int64 input_ids)', () => {
  const SMALL = { ...TEXT_TO_IMAGE, width: 256, height: 256 };
  async function frames(modelDir: string): Promise<{ textToImage: Buffer; img2img: Buffer; report: string }> {
    const pipeline = await load(modelDir);
    try {
      const textToImage = Buffer.from((await pipeline.generate(SMALL)).image);
      const img2img = Buffer.from((await pipeline.generate({ ...SMALL, steps: 2, initImage: textToImage, strength: 0.5 })).image);
      return { textToImage, img2img, report: JSON.stringify(pipeline.signature) };
    } finally {
      await pipeline.dispose();
    }
  }

  it.each(['sdxl-tiny-real-fp16', 'sd-tiny-real-fp32'] as const)('%s: same frames as the original', async (folder) => {
    const original = await frames(join(REAL_EXPORTS_DIR, folder));
    const editedDir = await editedRealExport(folder, ['scalar-timestep', 'latent-parameters', 'int64-input-ids']);
    const edited = await frames(editedDir);
    // The engine saw the edited conventions (not the original tensors) ...
    expect(edited.report).toMatch(/"name":"timestep","type":"float(16|32)","shape":\[\]/);
    expect(edited.report).toMatch(/"output":"latent_parameters"/);
    expect(edited.report).toMatch(/"name":"input_ids","type":"int64"/);
    // ... and made the same frames from them.
    expect(edited.textToImage.equals(original.textToImage)).toBe(true);
    expect(edited.img2img.equals(original.img2img)).toBe(true);
  }, 180_000);
});
