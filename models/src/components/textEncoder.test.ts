import type * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClipTokenizer, type ClipTokenizer } from '../test/clipTokenize.js';
import { feed, floats } from '../test/referenceEuler.js';
import { openSession, removeTempDir, writeTempModel } from '../test/tempModel.js';

let dir = '';
let encoders: ort.InferenceSession[] = [];
let tokenizers: ClipTokenizer[] = [];

beforeAll(async () => {
  dir = await writeTempModel({ type: 'sdxl', dtype: 'float32' });
  encoders = [await openSession(dir, 'text_encoder'), await openSession(dir, 'text_encoder_2')];
  tokenizers = [await loadClipTokenizer(join(dir, 'tokenizer')), await loadClipTokenizer(join(dir, 'tokenizer_2'))];
});
afterAll(async () => {
  for (const session of encoders) await session.release();
  await removeTempDir(dir);
});

async function encode(index: number, prompt: string): Promise<Record<string, Float32Array>> {
  const session = encoders[index] as ort.InferenceSession;
  const ids = (tokenizers[index] as ClipTokenizer).encode(prompt);
  const out = await session.run({ input_ids: feed(session, 'input_ids', ids, [1, 77]) });
  return Object.fromEntries(Object.entries(out).map(([name, value]) => [name, floats(value)]));
}

function maxAbsDiff(a: Float32Array | undefined, b: Float32Array | undefined, from = 0, to = a?.length ?? 0): number {
  let max = 0;
  for (let i = from; i < to; i++) max = Math.max(max, Math.abs((a?.[i] ?? 0) - (b?.[i] ?? 0)));
  return max;
}

describe('tiny text encoders', () => {
  it('give every output a prompt dependence, padding included', async () => {
    for (const index of [0, 1]) {
      const [cat, dog] = [await encode(index, 'a photo of a cat'), await encode(index, 'a photo of a dog')];
      const pooledName = index === 0 ? 'pooler_output' : 'text_embeds';
      expect(maxAbsDiff(cat[pooledName], dog[pooledName])).toBeGreaterThan(0.05);
      const width = (cat.last_hidden_state?.length ?? 0) / 77;
      // Position 40 is padding for both prompts: it differs only through the prompt summary it carries.
      expect(maxAbsDiff(cat.last_hidden_state, dog.last_hidden_state, 40 * width, 41 * width)).toBeGreaterThan(0.05);
      const penultimate = index === 0 ? 'hidden_states.11' : 'hidden_states.31';
      expect(maxAbsDiff(cat[penultimate], dog[penultimate], 40 * width, 41 * width)).toBeGreaterThan(0.05);
    }
  });

  it('pools the final state at the EOS position (argmax of the ids)', async () => {
    const prompt = 'a castle on a hill';
    const out = await encode(0, prompt);
    const ids = (tokenizers[0] as ClipTokenizer).encode(prompt);
    const eos = ids.indexOf(Math.max(...ids));
    const width = out.pooler_output?.length ?? 0;
    const atEos = out.last_hidden_state?.subarray(eos * width, (eos + 1) * width);
    expect(maxAbsDiff(out.pooler_output, atEos)).toBeLessThan(1e-5);
  });

  it('keeps the embeddings (hidden_states.0) free of context and later states contextual', async () => {
    const [a, b] = [await encode(1, 'red'), await encode(1, 'blue')];
    const width = (a['hidden_states.0']?.length ?? 0) / 77;
    // BOS is at position 0 in both prompts: identical embedding, but the layers mix in what follows only causally.
    expect(maxAbsDiff(a['hidden_states.0'], b['hidden_states.0'], 0, width)).toBe(0);
    expect(maxAbsDiff(a['hidden_states.32'], b['hidden_states.32'], 0, width)).toBe(0);
    expect(maxAbsDiff(a['hidden_states.32'], b['hidden_states.32'], width, 2 * width)).toBeGreaterThan(0.05);
  });
});

describe('tiny text encoders with a batch', () => {
  it('encode each row of a batch of 2 as if it were alone', async () => {
    const prompts = ['a photo of a cat', 'a dragon made of fire in the sky over the sea'];
    for (const index of [0, 1]) {
      const session = encoders[index] as ort.InferenceSession;
      const tokenizer = tokenizers[index] as ClipTokenizer;
      const ids = prompts.flatMap((prompt) => tokenizer.encode(prompt));
      const batched = await session.run({ input_ids: feed(session, 'input_ids', ids, [2, 77]) });
      const pooledName = index === 0 ? 'pooler_output' : 'text_embeds';
      const pooled = floats(batched[pooledName]);
      const width = pooled.length / 2;
      for (const [row, prompt] of prompts.entries()) {
        const alone = (await encode(index, prompt))[pooledName];
        expect(maxAbsDiff(pooled.subarray(row * width, (row + 1) * width), alone)).toBeLessThan(1e-5);
      }
    }
  });
});
