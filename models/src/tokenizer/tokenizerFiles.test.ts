import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipTokenizer, loadClipTokenizer } from '../test/clipTokenize.js';
import { makeTempDir, removeTempDir } from '../test/tempModel.js';
import { BYTE_UNICODE_ALPHABET } from './byteUnicode.js';
import { writeTokenizerFolder } from './tokenizerFiles.js';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir('tokenizer');
  await writeTokenizerFolder(join(dir, 'eos'), '<|endoftext|>');
  await writeTokenizerFolder(join(dir, 'bang'), '!');
});
afterAll(async () => removeTempDir(dir));

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

describe('tiny tokenizer files', () => {
  it('vocab.json has every byte token, with and without </w>, and BOS/EOS last', async () => {
    const vocab = (await readJson(join(dir, 'eos', 'vocab.json'))) as Record<string, number>;
    expect(BYTE_UNICODE_ALPHABET).toHaveLength(256);
    BYTE_UNICODE_ALPHABET.forEach((char, index) => {
      expect(vocab[char]).toBe(index);
      expect(vocab[`${char}</w>`]).toBe(256 + index);
    });
    expect(vocab['!']).toBe(0);
    const size = Object.keys(vocab).length;
    expect(vocab['<|startoftext|>']).toBe(size - 2);
    expect(vocab['<|endoftext|>']).toBe(size - 1);
    expect(new Set(Object.values(vocab)).size).toBe(size);
  });

  it('merges.txt starts with #version and every merge result is a vocab token', async () => {
    const vocab = (await readJson(join(dir, 'eos', 'vocab.json'))) as Record<string, number>;
    const lines = (await readFile(join(dir, 'eos', 'merges.txt'), 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines[0]).toMatch(/^#version/);
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines.slice(1)) {
      const parts = line.split(' ');
      expect(parts, line).toHaveLength(2);
      expect(vocab[parts.join('')], line).toBeDefined();
    }
  });

  it('declares the pad token in tokenizer_config.json and special_tokens_map.json', async () => {
    for (const [folder, pad] of [['eos', '<|endoftext|>'], ['bang', '!']] as const) {
      const config = await readJson(join(dir, folder, 'tokenizer_config.json'));
      expect(config).toMatchObject({ pad_token: pad, model_max_length: 77, tokenizer_class: 'CLIPTokenizer' });
      expect((await readJson(join(dir, folder, 'special_tokens_map.json'))).pad_token).toBe(pad);
    }
  });

  it('tokenizes any text, including emoji and unseen words, to 77 ids in range', async () => {
    const vocab = (await readJson(join(dir, 'bang', 'vocab.json'))) as Record<string, number>;
    const tokenizer = await loadClipTokenizer(join(dir, 'bang'));
    const ids = tokenizer.encode('A Photo of a Cat 🐈 über-zwölf qqqxz!!');
    expect(ids).toHaveLength(77);
    expect(ids[0]).toBe(vocab['<|startoftext|>']);
    expect(ids.every((id) => id >= 0 && id < Object.keys(vocab).length)).toBe(true);
    expect(ids.at(-1)).toBe(0);
    // Common prompt words were learned as single tokens.
    expect(tokenizer.encode('photo')[1]).toBe(vocab['photo</w>']);
  });
});

/** The test tokenizer must agree with the reference CLIP algorithm for the ids above to mean anything. */
const REFERENCE_DIR = resolve(import.meta.dirname, '../../../../shared/data/clip-tokenizer');
describe.skipIf(!existsSync(REFERENCE_DIR))('test CLIP tokenizer against the reference ids', () => {
  it('reproduces public.json with the real vocabulary', async () => {
    const vocab = (await readJson(join(REFERENCE_DIR, 'vocab.json'))) as Record<string, number>;
    const merges = (await readFile(join(REFERENCE_DIR, 'merges.txt'), 'utf8')).split('\n').slice(1).filter((l) => l !== '');
    const cases = JSON.parse(await readFile(join(REFERENCE_DIR, 'public.json'), 'utf8')) as {
      text: string;
      ids: number[];
      ids_pad0: number[];
    }[];
    const [eosPad, bangPad] = [clipTokenizer(vocab, merges, '<|endoftext|>'), clipTokenizer(vocab, merges, '!')];
    for (const { text, ids, ids_pad0 } of cases) {
      expect(eosPad.encode(text), text).toEqual(ids);
      expect(bangPad.encode(text), text).toEqual(ids_pad0);
    }
  });
});
if (!existsSync(REFERENCE_DIR)) console.warn(`skipping reference tokenizer check: ${REFERENCE_DIR} is absent`);
