import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../SeededRandom.js';
import { feed, floats } from '../test/referenceEuler.js';
import { openSession, removeTempDir, writeTempModel } from '../test/tempModel.js';

const [H, W] = [16, 24];
const random = new SeededRandom(7);
const BASE = {
  sample: Array.from(random.normals(4 * H * W)),
  timestep: 999,
  encoder_hidden_states: Array.from(random.normals(77 * 80)),
  text_embeds: Array.from(random.normals(40)),
  time_ids: [128, 192, 0, 0, 128, 192],
};
type Inputs = typeof BASE;

const dirs: string[] = [];
const sessions: Record<string, ort.InferenceSession> = {};
beforeAll(async () => {
  const variants = {
    fp32: { dtype: 'float32' },
    fp16: { dtype: 'float16' },
    batchInt: { dtype: 'float32', timestepType: 'int64', timestepShape: 'batch' },
    scalarHalf: { dtype: 'float32', timestepType: 'float16', timestepShape: 'scalar' },
  } as const;
  for (const [name, options] of Object.entries(variants)) {
    const dir = await writeTempModel({ type: 'sdxl', ...options });
    dirs.push(dir);
    sessions[name] = await openSession(dir, 'unet');
  }
});
afterAll(async () => {
  for (const session of Object.values(sessions)) await session.release();
  for (const dir of dirs) await removeTempDir(dir);
});

async function run(name: string, inputs: Inputs, batch = 1): Promise<Float32Array> {
  const session = sessions[name] as ort.InferenceSession;
  const repeat = (values: number[]) => Array.from({ length: batch }, () => values).flat();
  const timestepMeta = session.inputMetadata.find((m) => m.name === 'timestep');
  const declared = timestepMeta?.isTensor === true ? timestepMeta.shape : [];
  const timestepDims = declared.length === 0 ? [] : [declared[0] === 1 ? 1 : batch];
  const out = await session.run({
    sample: feed(session, 'sample', repeat(inputs.sample), [batch, 4, H, W]),
    timestep: feed(session, 'timestep', Array(timestepDims[0] ?? 1).fill(inputs.timestep), timestepDims),
    encoder_hidden_states: feed(session, 'encoder_hidden_states', repeat(inputs.encoder_hidden_states), [batch, 77, 80]),
    text_embeds: feed(session, 'text_embeds', repeat(inputs.text_embeds), [batch, 40]),
    time_ids: feed(session, 'time_ids', repeat(inputs.time_ids), [batch, 6]),
  });
  return floats(out.out_sample);
}

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return sum / a.length;
}

describe('tiny unet', () => {
  it('depends on every input', async () => {
    const base = await run('fp32', BASE);
    const shifted = (values: number[], by: number) => values.map((v, i) => v + by * Math.sin(i));
    const changes: Record<string, Inputs> = {
      sample: { ...BASE, sample: shifted(BASE.sample, 0.5) },
      timestep: { ...BASE, timestep: 499 },
      encoder_hidden_states: { ...BASE, encoder_hidden_states: shifted(BASE.encoder_hidden_states, 1) },
      text_embeds: { ...BASE, text_embeds: shifted(BASE.text_embeds, 1) },
      time_ids: { ...BASE, time_ids: [1024, 1024, 0, 0, 1024, 1024] },
    };
    for (const [name, inputs] of Object.entries(changes)) {
      expect(meanAbsDiff(base, await run('fp32', inputs)), name).toBeGreaterThan(1e-4);
    }
  });

  it('gives the same prediction for every timestep dtype and shape', async () => {
    const base = await run('fp32', BASE);
    expect(meanAbsDiff(base, await run('scalarHalf', BASE))).toBeLessThan(1e-6);
    const batched = await run('batchInt', BASE, 2);
    expect(meanAbsDiff(base, batched.subarray(0, base.length))).toBeLessThan(1e-6);
    expect(meanAbsDiff(base, batched.subarray(base.length))).toBeLessThan(1e-6);
  });

  it('float16 weights and tensors give nearly the float32 prediction', async () => {
    const [full, half] = [await run('fp32', BASE), await run('fp16', BASE)];
    const scale = full.reduce((sum, v) => sum + Math.abs(v), 0) / full.length;
    expect(meanAbsDiff(full, half) / scale).toBeLessThan(0.01);
  });
});
