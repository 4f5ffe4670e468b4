import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenizerError } from '../errors.js';
import type { ClipTokenizer } from './ClipTokenizer.js';
import { loadTokenizer } from './loadTokenizer.js';

/** The real CLIP vocabulary and reference ids live beside the repository, never inside it. */
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLIP_DIR = join(REPO_ROOT, '..', 'shared', 'data', 'clip-tokenizer');
const HAVE_CLIP = existsSync(join(CLIP_DIR, 'public.json'));
if (!HAVE_CLIP) {
  console.warn(`skipping CLIP reference tests: ${CLIP_DIR}/public.json not found (reference data lives outside the repo)`);
}

interface Reference {
  text: string;
  ids: number[];
  ids_pad0: number[];
}

describe.skipIf(!HAVE_CLIP)('ClipTokenizer against the CLIP reference ids', () => {
  let references: Reference[];
  let padEos: ClipTokenizer;
  let padBang: ClipTokenizer;

  beforeAll(async () => {
    references = JSON.parse(readFileSync(join(CLIP_DIR, 'public.json'), 'utf8')) as Reference[];
    padEos = await loadTokenizer(CLIP_DIR);
    // SDXL's tokenizer_2 and SD Turbo declare pad_token "!" in their config files: read it from there.
    const dir = await mkdtemp(join(tmpdir(), 'clip-pad0-'));
    await symlink(join(CLIP_DIR, 'vocab.json'), join(dir, 'vocab.json'));
    await symlink(join(CLIP_DIR, 'merges.txt'), join(dir, 'merges.txt'));
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ model_max_length: 77, pad_token: '!' }));
    await writeFile(join(dir, 'special_tokens_map.json'), JSON.stringify({ pad_token: { content: '!' } }));
    padBang = await loadTokenizer(dir);
  });

  it('reproduces every reference with the <|endoftext|> pad (SDXL tokenizer/)', () => {
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) expect(Array.from(padEos.encode(ref.text)), ref.text).toEqual(ref.ids);
  });

  it('reproduces every reference with the "!" pad read from the config (tokenizer_2/, SD Turbo)', () => {
    expect(padBang.padId).toBe(0);
    for (const ref of references) expect(Array.from(padBang.encode(ref.text)), ref.text).toEqual(ref.ids_pad0);
  });

  it('truncates to BOS + 75 tokens + EOS', () => {
    const ids = padEos.encode('cat '.repeat(2_500));
    expect(ids.length).toBe(77);
    expect(ids[0]).toBe(49406);
    expect(ids[76]).toBe(49407);
    expect(new Set(Array.from(ids.subarray(1, 76))).size).toBe(1);
  });

  it('encodes an empty prompt as BOS, EOS, padding', () => {
    expect(Array.from(padBang.encode('  \n ').subarray(0, 3))).toEqual([49406, 49407, 0]);
  });

  it('cleans whitespace and case like CLIP', () => {
    expect(Array.from(padEos.encode('  A   Photo\tOF a CAT '))).toEqual(Array.from(padEos.encode('a photo of a cat')));
  });

  it('tokenizes any bytes (emoji, CJK, controls) without unknown ids', () => {
    const ids = padEos.encodeTokens('🦊 東京 \u0001 café');
    expect(ids.length).toBeGreaterThan(4);
    for (const id of ids) expect(id).toBeLessThan(49408);
  });
});

describe('loadTokenizer errors', () => {
  it('names the missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clip-empty-'));
    await expect(loadTokenizer(dir)).rejects.toThrow(TokenizerError);
    await expect(loadTokenizer(dir)).rejects.toThrow(/vocab\.json/);
  });

  it('rejects a pad token that is not in the vocabulary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clip-badpad-'));
    await writeFile(join(dir, 'vocab.json'), JSON.stringify({ '<|startoftext|>': 0, '<|endoftext|>': 1 }));
    await writeFile(join(dir, 'merges.txt'), '#version: 0.2\n');
    await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify({ pad_token: '<pad>' }));
    await expect(loadTokenizer(dir)).rejects.toThrow(/pad_token.*<pad>/);
  });
});
