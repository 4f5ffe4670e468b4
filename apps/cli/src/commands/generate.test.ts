import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyModel } from '@promptjam/models';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../command.js';
import { generateCommand } from './generate.js';

const DEFAULTS = { seed: '42', steps: '1', width: '512', height: '512', format: 'jpeg', quality: '85', device: 'auto' };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('promptjam generate', () => {
  it('writes a real JPEG and prints the timings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-generate-'));
    const modelDir = join(dir, 'model');
    await writeTinyModel({ dir: modelDir, type: 'sd', dtype: 'float32' });
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = join(dir, 'fox.jpg');
    const code = await generateCommand.run({
      values: { ...DEFAULTS, model: modelDir, prompt: 'a red fox', width: '128', height: '64', out, device: 'cpu' },
      positionals: [],
    });
    expect(code).toBe(0);
    const bytes = await readFile(out);
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xff, 0xd8, 0xff]);
    expect(printed.join('')).toMatch(/^wrote .*fox\.jpg \(128x64 image\/jpeg, \d+ bytes\) in [\d.]+ ms \(tokenize [\d.]+, textEncoder1 [\d.]+, textEncode [\d.]+, .*unetStep1 [\d.]+, decode [\d.]+, encode [\d.]+/);
  }, 60_000);

  it('rejects bad options as usage errors', async () => {
    await expect(generateCommand.run({ values: { ...DEFAULTS }, positionals: [] })).rejects.toThrow(/--prompt is required/);
    await expect(generateCommand.run({ values: { ...DEFAULTS, prompt: 'x', device: 'gpu' }, positionals: [] })).rejects.toBeInstanceOf(UsageError);
    await expect(generateCommand.run({ values: { ...DEFAULTS, prompt: 'x', seed: 'abc' }, positionals: [] })).rejects.toThrow(/--seed must be an integer/);
    await expect(generateCommand.run({ values: { ...DEFAULTS, prompt: 'x', 'webgpu-layout': 'NWHC' }, positionals: [] })).rejects.toThrow(/--webgpu-layout must be NCHW, NHWC, got 'NWHC'/);
  });

  it('checks the request before loading any model', async () => {
    // The model folder does not exist: a bad size must be reported first, without touching it.
    const attempt = generateCommand.run({ values: { ...DEFAULTS, prompt: 'x', width: '100', model: '/nonexistent/model' }, positionals: [] });
    await expect(attempt).rejects.toThrow(/bad width: expected a multiple of 8 .*found 100/);
  });
});
