import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClosedError, InvalidRequestError, ModelFolderError, WebGpuUnavailableError } from '../errors.js';
import { DiffusionPipeline } from '../pipeline/DiffusionPipeline.js';
import { isJpeg, tinyModelDir } from '../test/tinyModels.js';
import { createEngine } from './createEngine.js';
import type { ImageEngine } from './types.js';

/** The worker runs the compiled dist/engine/engineWorker.js: `pnpm --filter @promptjam/diffusion build` first. */
const REQUEST = { prompt: 'a lighthouse in a storm', seed: 3, steps: 2, width: 128, height: 128 };
const quiet = (): void => {};

describe('worker engine', () => {
  let engine: ImageEngine;
  let modelDir: string;

  beforeAll(async () => {
    modelDir = await tinyModelDir({ type: 'sdxl', dtype: 'float32' });
    engine = await createEngine({ modelDir, device: 'auto', warmupSizePx: 64, log: quiet });
  });
  afterAll(() => engine?.dispose());

  it('reports the model and the provider actually used', () => {
    expect(engine.info).toMatchObject({ modelType: 'sdxl', dtype: 'float32', provider: 'cpu', modelDir });
    expect(engine.info.providerNote).toMatch(/CUDA/);
  });

  it('makes the same bytes as the in-thread pipeline', async () => {
    const pipeline = await DiffusionPipeline.load({ modelDir, device: 'cpu', warmupSizePx: 0, log: quiet });
    const expected = await pipeline.generate(REQUEST);
    await pipeline.dispose();
    const result = await engine.generate(REQUEST);
    expect(isJpeg(result.image)).toBe(true);
    expect(result.image).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(result.image).equals(Buffer.from(expected.image))).toBe(true);
    expect(result.timings.unetStep2).toBeGreaterThan(0);
  });

  it('queues overlapping requests and answers each', async () => {
    const seeds = [1, 2, 3, 4];
    const results = await Promise.all(seeds.map((seed) => engine.generate({ ...REQUEST, seed })));
    expect(new Set(results.map((r) => Buffer.from(r.image).toString('base64'))).size).toBe(seeds.length);
  });

  it('keeps the caller event loop free while a frame renders', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    await engine.generate({ ...REQUEST, width: 512, height: 512, steps: 4, prompt: 'busy frame' });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A blocked loop would tick at most once; a free one ticks throughout the render.
    if (elapsed > 20) expect(ticks).toBeGreaterThan(2);
  });

  it('runs a batch: the model-done signal comes before the frames, and a bad request fails alone', async () => {
    const order: string[] = [];
    const requests = [REQUEST, { ...REQUEST, seed: 9 }, { ...REQUEST, steps: 0 }];
    const batch = engine.generateBatch(requests);
    void batch.modelDone.then(() => order.push('modelDone'));
    const settled = await Promise.allSettled(batch.frames.map((frame, i) => frame.finally(() => order.push(`frame${i}`))));
    expect(order[0]).toBe('modelDone');
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidRequestError);
    const [first, second] = settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    expect([first!.timings.batchSize, second!.timings.batchSize]).toEqual([2, 2]);
    // The same request alone gives the same picture (the tiny float32 graph batches without reordering sums).
    const alone = await engine.generate(REQUEST);
    expect(Buffer.from(first!.image).equals(Buffer.from(alone.image))).toBe(true);
  });

  it('rethrows request errors as the same named class and stays usable', async () => {
    const attempt = engine.generate({ ...REQUEST, steps: 0 });
    await expect(attempt).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(engine.generate({ ...REQUEST, height: 4000 })).rejects.toThrow(/bad height: expected .*found 4000/);
    expect(isJpeg((await engine.generate(REQUEST)).image)).toBe(true);
  });
});

describe('worker engine lifecycle', () => {
  it('rejects a bad folder with the named error from the worker', async () => {
    await expect(createEngine({ modelDir: '/nonexistent/model', log: quiet })).rejects.toBeInstanceOf(ModelFolderError);
  });

  it('rejects --device webgpu without an adapter with WebGpuUnavailableError from the worker', async () => {
    const attempt = createEngine({ modelDir: await tinyModelDir({ type: 'sd', dtype: 'float16' }), device: 'webgpu', warmupSizePx: 0, log: quiet });
    await expect(attempt).rejects.toBeInstanceOf(WebGpuUnavailableError);
    await expect(attempt).rejects.toThrow(/fix: /);
  });

  it('refuses requests after dispose', async () => {
    const engine = await createEngine({ modelDir: await tinyModelDir({ type: 'sd', dtype: 'float16' }), warmupSizePx: 0, log: quiet });
    const pending = engine.generate(REQUEST);
    await engine.dispose();
    expect(isJpeg((await pending).image)).toBe(true);
    await expect(engine.generate(REQUEST)).rejects.toBeInstanceOf(EngineClosedError);
  });

  it('fails pending and later requests with EngineClosedError when the worker dies', async () => {
    const engine = await createEngine({ modelDir: await tinyModelDir({ type: 'sd', dtype: 'float32' }), warmupSizePx: 0, log: quiet });
    const pending = engine.generate(REQUEST);
    // Simulate a crash (e.g. a native abort) by killing the thread from outside.
    await (engine as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(pending).rejects.toBeInstanceOf(EngineClosedError);
    await expect(engine.generate(REQUEST)).rejects.toThrow(/engine worker exited with code 1/);
    await engine.dispose(); // must not hang on a dead worker
  });

  it('the inline variant runs on the calling thread with the same contract', async () => {
    const engine = await createEngine({ modelDir: await tinyModelDir({ type: 'sd', dtype: 'float32' }), thread: 'inline', warmupSizePx: 0, log: quiet });
    expect(engine.info.modelType).toBe('sd');
    expect(isJpeg((await engine.generate(REQUEST)).image)).toBe(true);
    const batch = engine.generateBatch([REQUEST, { ...REQUEST, seed: 4 }]);
    const frames = await Promise.all(batch.frames);
    expect(frames.map((f) => f.timings.batchSize)).toEqual([2, 2]);
    await engine.dispose();
    await expect(engine.generate(REQUEST)).rejects.toBeInstanceOf(EngineClosedError);
    await expect(engine.generateBatch([REQUEST]).frames[0]).rejects.toBeInstanceOf(EngineClosedError);
  });
});
