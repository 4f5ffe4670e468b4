import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCommandArgs } from '../command.js';
import { startFakeHub, tinyModelRepoFiles, type FakeHub } from '@promptjam/model-hub/testing';
import { modelsCommand } from './models.js';

let hub: FakeHub;
let root: string;
const savedEnv = { HF_ENDPOINT: process.env.HF_ENDPOINT, HF_TOKEN: process.env.HF_TOKEN };

/** Runs `promptjam models …` in-process and captures what it prints. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await modelsCommand.run(parseCommandArgs(modelsCommand, argv));
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  // Served under the catalogue's repository id, so `fetch sdxl-turbo` resolves to it through HF_ENDPOINT.
  hub = await startFakeHub('onnxruntime/sdxl-turbo', await tinyModelRepoFiles());
  root = await mkdtemp(join(tmpdir(), 'promptjam-models-cli-'));
  process.env.HF_ENDPOINT = hub.endpoint;
  delete process.env.HF_TOKEN;
});

afterEach(() => {
  delete hub.behaviour.requiredToken;
  delete process.env.HF_TOKEN;
});

afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('promptjam models (CLI)', () => {
  it('fetch prints the licence before downloading, then installs; verify and inspect pass', async () => {
    const dir = join(root, 'sdxl-turbo');
    const fetched = await run('fetch', 'sdxl-turbo', '--dir', dir, '--concurrency', '2');
    expect(fetched.code).toBe(0);
    expect(fetched.stderr).toContain('Licence: Stability AI Community License');
    expect(fetched.stderr.indexOf('Licence: Stability AI Community License')).toBeLessThan(fetched.stderr.indexOf('Fetching onnxruntime/sdxl-turbo@main'));
    expect(fetched.stderr).toContain('Full terms: https://huggingface.co/stabilityai/sdxl-turbo/blob/main/LICENSE.md');
    expect(fetched.stderr).toMatch(/done unet\/model\.onnx/);
    expect(fetched.stdout).toMatch(/^installed: .*sdxl-turbo \(onnxruntime\/sdxl-turbo@[0-9a-f]{12}, \d+ files, /);

    const verified = await run('verify', dir);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('5 ok, 0 warnings, 0 errors');

    const inspected = await run('inspect', dir);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toMatch(/unet {2}unet\/model\.onnx/);
    expect(inspected.stdout).toContain('scheduler          EulerAncestralDiscreteScheduler');
    expect(inspected.stdout).toContain('vae scaling factor 0.13025');

    expect((await run('fetch', 'sdxl-turbo', '--dir', dir)).stdout).toMatch(/^up to date: /);
  });

  it('explains a refused token with a fix and exits 1', async () => {
    hub.behaviour.requiredToken = 'hf_right';
    process.env.HF_TOKEN = 'hf_wrong';
    const result = await run('fetch', 'sdxl-turbo', '--dir', join(root, 'denied'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unauthorized \(401\): Invalid credentials/);
    expect(result.stderr).toContain('fix: HF_TOKEN was sent and refused');
  });

  it('rejects unknown models and bad flags as usage errors', async () => {
    await expect(run('fetch', 'not-a-model')).rejects.toThrow(/unknown model 'not-a-model'/);
    await expect(run('fetch', 'sdxl-turbo', '--concurrency', 'lots')).rejects.toThrow(/--concurrency must be an integer/);
    await expect(run('frobnicate')).rejects.toThrow(/expected a subcommand: list, fetch, verify, inspect/);
  });
});

describe('promptjam models list', () => {
  it('lists the catalogue with its repositories and what is installed, as JSON', async () => {
    const listed = await run('list', '--json');
    expect(listed.code).toBe(0);
    const body = JSON.parse(listed.stdout) as { modelsRoot: string; known: Array<{ name: string; repo: string }>; installed: unknown[] };
    expect(body.known.map((m) => [m.name, m.repo])).toEqual([
      ['sdxl-turbo', 'onnxruntime/sdxl-turbo'],
      ['sd-turbo', 'onnxruntime/sd-turbo'],
    ]);
    expect(body.modelsRoot).toMatch(/models$/);
    expect(Array.isArray(body.installed)).toBe(true);
    expect((await run('list')).stdout).toMatch(/^Known models \(promptjam models fetch NAME\):\n {2}sdxl-turbo {3}onnxruntime\/sdxl-turbo/);
  });
});
