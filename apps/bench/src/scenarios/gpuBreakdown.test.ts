import { ensureDemoModel } from '@promptjam/models';
import { describe, expect, it } from 'vitest';
import { runGpuBreakdown } from './gpuBreakdown.js';

/** The breakdown runs on the CPU too (CI has no GPU): it must say so, and still report every stage and session. */
describe('GPU stage breakdown on a machine without a GPU', () => {
  it('reports the stages, each text encoder, the load and every session\'s creation and first run, under a "no GPU" reason', async () => {
    const result = await runGpuBreakdown(await ensureDemoModel(), 'cpu', 1);
    expect(result.gpu).toBe(false);
    expect(result.reason).toMatch(/these are CPU figures, not comparable with the GPU references/);
    expect(result.loadMs).toBeGreaterThan(0);
    expect(result.startup.map((s) => s.session).sort()).toEqual(['preview_decoder', 'text_encoder', 'text_encoder_2', 'unet', 'vae_decoder', 'vae_encoder']);
    for (const s of result.startup.filter((row) => row.session !== 'vae_encoder')) expect(s.firstRunMs).toBeGreaterThan(0);
    const [oneStep, fourSteps] = result.breakdowns;
    expect(Object.keys(oneStep!.stagesMs)).toEqual(['tokenize', 'textEncode', 'textEncoder1', 'textEncoder2', 'prepareLatents', 'unetStep1', 'decode', 'encode', 'onnxRun']);
    const typing = result.breakdowns.find((b) => b.preview);
    expect(typing?.stagesMs.decodePreview).toBeGreaterThan(0);
    expect(typing?.stagesMs.textEncoder1).toBeGreaterThan(0);
    expect(fourSteps!.stagesMs.unetStep4).toBeGreaterThan(0);
    // The typing sweep: one row per batch size, each turn one batched UNet call for all its rooms.
    expect(result.batches.map((b) => b.batchSize)).toEqual([1, 2, 4, 8]);
    for (const row of result.batches) {
      expect(row.modelMsP50).toBeGreaterThan(0);
      expect(row.framesMsP50).toBeGreaterThanOrEqual(row.modelMsP50);
      expect(row.framesPerSecondPipelined).toBeCloseTo((row.batchSize * 1000) / row.modelMsP50, 0);
      expect(row.stagesMs.decodePreview).toBeGreaterThan(0);
      expect(row.stagesMs.textEncode).toBeGreaterThan(0);
    }
  }, 180_000);

  it('--device webgpu without an adapter: no figures, the named error as the reason', async () => {
    const result = await runGpuBreakdown(await ensureDemoModel(), 'webgpu', 1);
    expect(result).toMatchObject({ gpu: false, breakdowns: [], startup: [] });
    expect(result.reason).toMatch(/^no GPU present or usable: --device webgpu: no WebGPU adapter/);
  }, 60_000);
});
