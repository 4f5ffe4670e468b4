import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { toFloat16Array } from './onnx/float16.js';
import { SeededRandom } from './SeededRandom.js';
import { writeTinyModel } from './writeTinyModel.js';

/**
 * Measures session.run of the tiny SDXL text encoders, UNet and VAE decoder at one size for several costScale values, so the
 * knob can be set to make the tiny model cost what SDXL Turbo costs per frame on a GPU.
 * usage: node dist/bench.js [--size 512] [--runs 10] [--cost-scales 0,4,8] [--dtype float32]
 */

function tensor(session: ort.InferenceSession, name: string, values: Float32Array, dims: number[]): ort.Tensor {
  const meta = session.inputMetadata.find((m) => m.name === name);
  if (meta?.isTensor && meta.type === 'float16') return new ort.Tensor('float16', toFloat16Array(values), dims);
  if (meta?.isTensor && meta.type === 'int64') return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
  return new ort.Tensor('float32', values, dims);
}

async function median(runs: number, body: () => Promise<unknown>): Promise<number> {
  await body(); // warm-up: the first run allocates
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

interface FrameTimes {
  textMs: number;
  unetMs: number;
  vaeMs: number;
}

async function benchText(dir: string, runs: number): Promise<number> {
  const encoders = await Promise.all(
    ['text_encoder', 'text_encoder_2'].map((folder) => ort.InferenceSession.create(join(dir, folder, 'model.onnx'))),
  );
  const ids = Float32Array.from({ length: 77 }, (_, i) => (i < 6 ? 300 + i : 0));
  const textMs = await median(runs, async () => {
    for (const encoder of encoders) {
      const meta = encoder.inputMetadata[0];
      const idsTensor =
        meta?.isTensor && meta.type === 'int32'
          ? new ort.Tensor('int32', Int32Array.from(ids), [1, 77])
          : new ort.Tensor('int64', BigInt64Array.from(ids, (v) => BigInt(v)), [1, 77]);
      await encoder.run({ input_ids: idsTensor });
    }
  });
  for (const encoder of encoders) await encoder.release();
  return textMs;
}

async function benchOne(dir: string, size: number, runs: number): Promise<FrameTimes> {
  const unet = await ort.InferenceSession.create(join(dir, 'unet', 'model.onnx'));
  const vae = await ort.InferenceSession.create(join(dir, 'vae_decoder', 'model.onnx'));
  const random = new SeededRandom(1);
  const latent = size / 8;
  const sample = random.normals(4 * latent * latent);
  const feeds = {
    sample: tensor(unet, 'sample', sample, [1, 4, latent, latent]),
    timestep: tensor(unet, 'timestep', Float32Array.of(999), [1]),
    encoder_hidden_states: tensor(unet, 'encoder_hidden_states', random.normals(77 * 80), [1, 77, 80]),
    text_embeds: tensor(unet, 'text_embeds', random.normals(40), [1, 40]),
    time_ids: tensor(unet, 'time_ids', Float32Array.of(size, size, 0, 0, size, size), [1, 6]),
  };
  const unetMs = await median(runs, () => unet.run(feeds));
  const vaeFeeds = { latent_sample: tensor(vae, 'latent_sample', sample, [1, 4, latent, latent]) };
  const vaeMs = await median(runs, () => vae.run(vaeFeeds));
  await unet.release();
  await vae.release();
  return { textMs: await benchText(dir, runs), unetMs, vaeMs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '512' },
      runs: { type: 'string', default: '10' },
      'cost-scales': { type: 'string', default: '0,2,4,8' },
      dtype: { type: 'string', default: 'float32' },
    },
  });
  const size = Number(values.size);
  const runs = Number(values.runs);
  const dtype = values.dtype === 'float16' ? 'float16' : 'float32';
  const dir = await mkdtemp(join(tmpdir(), 'promptjam-models-bench-'));
  try {
    console.log(`tiny sdxl ${dtype}, ${size}x${size}, median of ${runs} session.run calls`);
    for (const costScale of values['cost-scales'].split(',').map(Number)) {
      await writeTinyModel({ dir, type: 'sdxl', dtype, costScale });
      const { textMs, unetMs, vaeMs } = await benchOne(dir, size, runs);
      const frameMs = textMs + unetMs + vaeMs;
      console.log(
        `costScale ${costScale}: text encoders ${textMs.toFixed(1)} ms, unet ${unetMs.toFixed(1)} ms, ` +
          `vae_decoder ${vaeMs.toFixed(1)} ms, 1-step frame ${frameMs.toFixed(1)} ms`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
