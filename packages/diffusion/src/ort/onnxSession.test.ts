import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceError, ModelTensorError } from '../errors.js';
import { tinyModelDir } from '../test/tinyModels.js';
import { buildTensor, type HostTensor } from './hostTensor.js';
import { OnnxSession } from './onnxSession.js';

describe('OnnxSession on a tiny SDXL unet', () => {
  let unet: OnnxSession;

  beforeAll(async () => {
    const dir = await tinyModelDir({ type: 'sdxl', dtype: 'float32' });
    unet = await OnnxSession.create('unet', join(dir, 'unet', 'model.onnx'), 'cpu', () => {});
  });
  afterAll(() => unet?.release());

  function feeds(batch: number, timeIdsBatch = batch): Record<string, HostTensor> {
    const spec = (name: string) => unet.input(name)!;
    const width = unet.input('encoder_hidden_states')!.shape[2] as number;
    const pooled = unet.input('text_embeds')!.shape[1] as number;
    return {
      sample: buildTensor(spec('sample'), new Float32Array(batch * 4 * 64), [batch, 4, 8, 8]),
      timestep: buildTensor(spec('timestep'), [999], [1]),
      encoder_hidden_states: buildTensor(spec('encoder_hidden_states'), new Float32Array(77 * width), [1, 77, width]),
      text_embeds: buildTensor(spec('text_embeds'), new Float32Array(pooled), [1, pooled]),
      time_ids: buildTensor(spec('time_ids'), new Float32Array(6 * timeIdsBatch), [timeIdsBatch, 6]),
    };
  }

  it('exposes the metadata as plain specs', () => {
    expect(unet.inputs.map((s) => s.name)).toEqual(['sample', 'timestep', 'encoder_hidden_states', 'text_embeds', 'time_ids']);
    expect(unet.output('out_sample')?.shape).toHaveLength(4);
  });

  it('runs matching feeds', async () => {
    const out = await unet.run(feeds(1), ['out_sample']);
    expect(out.out_sample!.dims).toEqual([1, 4, 8, 8]);
  });

  it('names a missing input before running', async () => {
    const { time_ids: _dropped, ...rest } = feeds(1);
    await expect(unet.run(rest)).rejects.toBeInstanceOf(ModelTensorError);
    await expect(unet.run(rest)).rejects.toThrow(/missing time_ids float32\['batch_size',6\]/);
  });

  it('names batch sizes that disagree before running', async () => {
    await expect(unet.run(feeds(2, 3))).rejects.toThrow(/'batch_size' is 2 in sample but 1 in encoder_hidden_states/);
  });
});

describe('OnnxSession failed runs', () => {
  it('logs a compact summary of the feeds when the run itself fails, then rethrows', async () => {
    const logs: string[] = [];
    const dir = await tinyModelDir({ type: 'sdxl', dtype: 'float32' });
    const encoder = await OnnxSession.create('text_encoder', join(dir, 'text_encoder', 'model.onnx'), 'cpu', (m) => logs.push(m));
    // Token ids far outside the vocabulary pass the metadata check but fail inside the graph (Gather).
    const spec = encoder.input('input_ids')!;
    const attempt = encoder.run({ input_ids: buildTensor(spec, new Array(77).fill(5_000_000), [1, 77]) });
    await expect(attempt).rejects.toBeInstanceOf(InferenceError);
    await expect(attempt).rejects.toThrow(/text_encoder: run failed \(.*Gather.*\) with inputs input_ids int(32|64)\[1,77\]/);
    expect(logs).toEqual([expect.stringMatching(/^text_encoder: run failed on cpu with inputs input_ids int(32|64)\[1,77\]$/)]);
    await encoder.release();
  });
});
