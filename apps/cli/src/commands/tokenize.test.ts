import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadTokenizer } from '@promptjam/diffusion';
import { writeTinyModel } from '@promptjam/models';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../command.js';
import { tokenizeCommand, tokenizeLines } from './tokenize.js';

const CLIP_DIR = join(fileURLToPath(new URL('../../../../', import.meta.url)), '..', 'shared', 'data', 'clip-tokenizer');
const HAVE_CLIP = existsSync(join(CLIP_DIR, 'vocab.json'));
if (!HAVE_CLIP) console.warn(`skipping CLIP vocabulary CLI tests: ${CLIP_DIR} not found (reference data lives outside the repo)`);

function captureStdout(): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join('') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('promptjam tokenize', () => {
  it.skipIf(!HAVE_CLIP)('prints the 77 ids of a bare tokenizer folder as one JSON array', async () => {
    const out = captureStdout();
    expect(await tokenizeCommand.run({ values: { tokenizer: CLIP_DIR, encoder: '1' }, positionals: ['a photo of a cat'] })).toBe(0);
    const ids = JSON.parse(out.text()) as number[];
    expect(ids.slice(0, 7)).toEqual([49406, 320, 1125, 539, 320, 2368, 49407]);
    expect(ids).toHaveLength(77);
  });

  it("uses an SDXL model's second tokenizer (pad '!') with --encoder 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-tokenize-'));
    await writeTinyModel({ dir, type: 'sdxl', dtype: 'float32' });
    const out = captureStdout();
    await tokenizeCommand.run({ values: { model: dir, encoder: '1' }, positionals: ['hello'] });
    await tokenizeCommand.run({ values: { model: dir, encoder: '2' }, positionals: ['hello'] });
    const [first, second] = out.text().trim().split('\n').map((line) => JSON.parse(line) as number[]);
    const pad2 = (await loadTokenizer(join(dir, 'tokenizer_2'))).padId;
    expect(second!.at(-1)).toBe(pad2);
    expect(first!.at(-1)).not.toBe(pad2);
  });

  it.skipIf(!HAVE_CLIP)('--stdin: one JSON string per line in, one JSON array per line out', async () => {
    const tokenizer = await loadTokenizer(CLIP_DIR);
    let out = '';
    const code = await tokenizeLines(tokenizer, Readable.from(['"a photo of a cat"\n', '\n', '"An astronaut"\n']), (t) => (out += t));
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect((JSON.parse(lines[1]!) as number[]).slice(0, 4)).toEqual([49406, 550, 18376, 49407]);
  });

  it.skipIf(!HAVE_CLIP)('--stdin stops at a line that is not a JSON string', async () => {
    const tokenizer = await loadTokenizer(CLIP_DIR);
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let out = '';
    expect(await tokenizeLines(tokenizer, Readable.from(['"ok"\n', 'not json\n']), (t) => (out += t))).toBe(1);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/line 2: expected a JSON string/);
  });

  it('needs --model or --tokenizer and one text', async () => {
    await expect(tokenizeCommand.run({ values: { encoder: '1' }, positionals: ['x'] })).rejects.toBeInstanceOf(UsageError);
    await expect(tokenizeCommand.run({ values: { tokenizer: CLIP_DIR, encoder: '1' }, positionals: [] })).rejects.toThrow(/exactly one <text>/);
    await expect(tokenizeCommand.run({ values: { tokenizer: CLIP_DIR, encoder: '3' }, positionals: ['x'] })).rejects.toThrow(/--encoder must be 1 or 2/);
  });
});
