/**
 * A tiny SDXL-layout model repository for the download tests, in memory: every file name of the real
 * `onnxruntime/sdxl-turbo` layout, loadable ONNX graphs (the doctor's probe model), a ~1.5 MB external-data file
 * so transfers take several chunks, and files the engine does not need (README, a sample image) that a fetch
 * must leave out.
 */
import { createHash } from 'node:crypto';
import { encodeProbeModel } from '../probeModel.js';

/** Size of the fake `unet/model.onnx.data`, large enough to span many network chunks. */
export const FAKE_WEIGHTS_BYTES = 1_500_000;

/** Deterministic pseudo-random bytes (sha256 in counter mode), so every run serves the same content. */
function pseudoRandomBytes(length: number, seed: string): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i += 1) blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

const json = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);

function tokenizerFiles(folder: string, padToken: string): Array<[string, Buffer]> {
  return [
    [`${folder}/vocab.json`, json({ '<|startoftext|>': 0, '<|endoftext|>': 1, '!': 2 })],
    [`${folder}/merges.txt`, Buffer.from('#version: 0.2\n')],
    [`${folder}/tokenizer_config.json`, json({ model_max_length: 77, pad_token: padToken })],
    [`${folder}/special_tokens_map.json`, json({ pad_token: padToken, bos_token: '<|startoftext|>', eos_token: '<|endoftext|>' })],
  ];
}

/** The repository's files by path. */
export function tinyModelRepoFiles(): Map<string, Buffer> {
  const graph = Buffer.from(encodeProbeModel());
  return new Map<string, Buffer>([
    ['.gitattributes', Buffer.from('*.onnx filter=lfs\n')],
    ['README.md', Buffer.from('# tiny test model\n')],
    ['images/sample.png', pseudoRandomBytes(4096, 'png')],
    [
      'model_index.json',
      json({
        _class_name: 'StableDiffusionXLPipeline',
        text_encoder: ['transformers', 'CLIPTextModel'],
        text_encoder_2: ['transformers', 'CLIPTextModelWithProjection'],
        unet: ['diffusers', 'UNet2DConditionModel'],
        scheduler: ['diffusers', 'EulerAncestralDiscreteScheduler'],
      }),
    ],
    ['scheduler/scheduler_config.json', json({ _class_name: 'EulerAncestralDiscreteScheduler', num_train_timesteps: 1000 })],
    ...tokenizerFiles('tokenizer', '<|endoftext|>'),
    ...tokenizerFiles('tokenizer_2', '!'),
    ['text_encoder/model.onnx', graph],
    ['text_encoder_2/model.onnx', graph],
    ['unet/model.onnx', graph],
    ['unet/model.onnx.data', pseudoRandomBytes(FAKE_WEIGHTS_BYTES, 'unet')],
    ['unet/config.json', json({ in_channels: 4, sample_size: 64 })],
    ['vae_decoder/model.onnx', graph],
    ['vae_decoder/config.json', json({ scaling_factor: 0.13025, latent_channels: 4 })],
  ]);
}
