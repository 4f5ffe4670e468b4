import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSpec, type TinyModelOptions } from './modelSpec.js';
import { makeTempDir, metadataRows, openSession, removeTempDir, writeTempModel } from './test/tempModel.js';
import { writeTinyModel } from './writeTinyModel.js';

const B = 'batch_size';
const h = 'latent_height';
const w = 'latent_width';
const hiddenStates = (count: number, type: string, width: number) =>
  Array.from({ length: count }, (_, i) => [`hidden_states.${i}`, type, [B, 77, width]]);

/** The contract's tensor table, written out by hand per variant (not derived from the generator's spec). */
const VARIANTS = [
  { type: 'sdxl', dtype: 'float32', f: 'float32', ids: 'int32', timestep: ['float32', [1]], encoder: 'latent_sample' },
  { type: 'sdxl', dtype: 'float16', f: 'float16', ids: 'int64', timestep: ['int64', [1]], encoder: 'latent_sample' },
  { type: 'sd', dtype: 'float32', f: 'float32', ids: 'int64', timestep: ['int64', [B]], encoder: 'latent_parameters' },
  { type: 'sd', dtype: 'float16', f: 'float16', ids: 'int32', timestep: ['float16', []], encoder: 'latent_parameters' },
] as const;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeTempDir(dir);
});

describe.each(VARIANTS)('writeTinyModel $type $dtype', (variant) => {
  const { f } = variant;
  const sdxl = variant.type === 'sdxl';
  let dir = '';
  const setUp = async () => {
    if (dir === '') {
      dir = await writeTempModel({ type: variant.type, dtype: variant.dtype, withVaeEncoder: true });
      dirs.push(dir);
    }
    return dir;
  };

  it('writes the contract file layout', async () => {
    const files = await listFiles(await setUp());
    const tokenizerFiles = (folder: string) =>
      ['merges.txt', 'special_tokens_map.json', 'tokenizer_config.json', 'vocab.json'].map((file) => `${folder}/${file}`);
    const component = (folder: string) => [`${folder}/config.json`, `${folder}/model.onnx`];
    const expected = [
      'model_index.json',
      'scheduler/scheduler_config.json',
      ...tokenizerFiles('tokenizer'),
      ...component('text_encoder'),
      ...(sdxl ? [...tokenizerFiles('tokenizer_2'), ...component('text_encoder_2')] : []),
      ...component('unet'),
      ...component('vae_decoder'),
      ...component('vae_encoder'),
    ].sort();
    expect(files).toEqual(expected);
  });

  it('text encoders declare the contract names, dtypes and ranks', async () => {
    const d = await setUp();
    const first = await openSession(d, 'text_encoder');
    expect(metadataRows(first.inputMetadata)).toEqual([['input_ids', variant.ids, [B, 77]]]);
    const width = sdxl ? 32 : 48;
    expect(metadataRows(first.outputMetadata)).toEqual([
      ['last_hidden_state', f, [B, 77, width]],
      ['pooler_output', f, [B, width]],
      ...hiddenStates(sdxl ? 13 : 24, f, width),
    ]);
    await first.release();
    if (!sdxl) return;
    const second = await openSession(d, 'text_encoder_2');
    expect(metadataRows(second.inputMetadata)).toEqual([['input_ids', variant.ids, [B, 77]]]);
    expect(metadataRows(second.outputMetadata)).toEqual([
      ['text_embeds', f, [B, 40]],
      ['last_hidden_state', f, [B, 77, 48]],
      ...hiddenStates(33, f, 48),
    ]);
    await second.release();
  });

  it('unet and vae declare the contract names, dtypes and ranks', async () => {
    const d = await setUp();
    const unet = await openSession(d, 'unet');
    expect(metadataRows(unet.inputMetadata)).toEqual([
      ['sample', f, [B, 4, h, w]],
      ['timestep', ...variant.timestep],
      ['encoder_hidden_states', f, [B, 77, sdxl ? 80 : 48]],
      ...(sdxl ? [['text_embeds', f, [B, 40]], ['time_ids', f, [B, 6]]] : []),
    ]);
    expect(metadataRows(unet.outputMetadata)).toEqual([['out_sample', f, [B, 4, h, w]]]);
    await unet.release();
    const decoder = await openSession(d, 'vae_decoder');
    expect(metadataRows(decoder.inputMetadata)).toEqual([['latent_sample', f, [B, 4, h, w]]]);
    expect(metadataRows(decoder.outputMetadata)).toEqual([['sample', f, [B, 3, 'image_height', 'image_width']]]);
    await decoder.release();
    const encoder = await openSession(d, 'vae_encoder');
    expect(metadataRows(encoder.inputMetadata)).toEqual([['sample', f, [B, 3, 'image_height', 'image_width']]]);
    const channels = variant.encoder === 'latent_parameters' ? 8 : 4;
    expect(metadataRows(encoder.outputMetadata)).toEqual([[variant.encoder, f, [B, channels, h, w]]]);
    await encoder.release();
  });

  it('writes the configs the engine reads', async () => {
    const d = await setUp();
    const read = async (path: string) => JSON.parse(await readFile(join(d, path), 'utf8')) as Record<string, unknown>;
    const index = await read('model_index.json');
    expect(index._class_name).toBe(sdxl ? 'StableDiffusionXLPipeline' : 'StableDiffusionPipeline');
    expect(index._promptjam_demo).toBe(false);
    expect('text_encoder_2' in index).toBe(sdxl);
    const scheduler = await read('scheduler/scheduler_config.json');
    expect(scheduler).toMatchObject({
      _class_name: sdxl ? 'EulerAncestralDiscreteScheduler' : 'EulerDiscreteScheduler',
      num_train_timesteps: 1000,
      beta_start: 0.00085,
      beta_end: 0.012,
      beta_schedule: 'scaled_linear',
      timestep_spacing: 'trailing',
      prediction_type: 'epsilon',
      steps_offset: 1,
    });
    expect((await read('vae_decoder/config.json')).scaling_factor).toBe(sdxl ? 0.13025 : 0.18215);
    expect((await read('unet/config.json')).in_channels).toBe(4);
    expect((await read('text_encoder/config.json')).num_hidden_layers).toBe(sdxl ? 12 : 23);
  });
});

describe('writeTinyModel determinism and options', () => {
  it('writes byte-identical folders for the same options', async () => {
    const options: Omit<TinyModelOptions, 'dir'> = { type: 'sdxl', dtype: 'float16', withVaeEncoder: true, costScale: 1 };
    const [a, b] = [await writeTempModel(options), await makeTempDir('again')];
    dirs.push(a, b);
    await writeTinyModel({ ...options, dir: b });
    const files = await listFiles(a);
    expect(await listFiles(b)).toEqual(files);
    for (const file of files) {
      expect(Buffer.compare(await readFile(join(a, file)), await readFile(join(b, file))), file).toBe(0);
    }
  });

  it('marks the demo and honours variant overrides', async () => {
    const overrides = { timestepType: 'float32', timestepShape: 'scalar' } as const;
    const dir = await writeTempModel({ type: 'sd', dtype: 'float32', demo: true, ...overrides });
    dirs.push(dir);
    const index = JSON.parse(await readFile(join(dir, 'model_index.json'), 'utf8')) as Record<string, unknown>;
    expect(index).toMatchObject({ _promptjam_demo: true, _promptjam_display_name: 'demo (tiny sd)' });
    const unet = await openSession(dir, 'unet');
    expect(metadataRows(unet.inputMetadata)[1]).toEqual(['timestep', 'float32', []]);
    await unet.release();
  });

  it('rejects bad options with what was expected', () => {
    expect(() => resolveSpec({ dir: 'x', type: 'sdxl', dtype: 'float32', costScale: -1 })).toThrow(
      /costScale: expected an integer from 0 to 512, found -1/,
    );
    expect(() => resolveSpec({ dir: 'x', type: 'sdxl', dtype: 'bfloat16' as 'float32' })).toThrow(/dtype/);
  });
});
