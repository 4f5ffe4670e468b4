import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUIRED_BUNDLE_FILES } from './bundleManifest.js';

/** The scripts that run on the GPU host cannot run here (no GPU, no torch): check what can be checked. */
const GPU_DIR = join(import.meta.dirname, '..', 'gpu');
const python = spawnSync('python3', ['--version']);

describe('GPU host scripts', () => {
  it('ships every script the bundle requires', () => {
    const shipped = readdirSync(GPU_DIR);
    for (const file of REQUIRED_BUNDLE_FILES.filter((f) => !f.startsWith('carry/'))) expect(shipped).toContain(file);
  });

  it('run.sh parses (bash -n)', () => {
    const result = spawnSync('bash', ['-n', join(GPU_DIR, 'run.sh')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.skipIf(python.error !== undefined)('the Python scripts compile (python3 -m py_compile)', () => {
    const scripts = readdirSync(GPU_DIR).filter((f) => f.endsWith('.py')).map((f) => join(GPU_DIR, f));
    // compile() checks the syntax without writing bytecode next to the scripts.
    const result = spawnSync('python3', ['-c', 'import sys\nfor p in sys.argv[1:]: compile(open(p).read(), p, "exec")', ...scripts], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.skipIf(python.error !== undefined)('sd_configs keeps the published wiring: SDXL cross-attention = CLIP-L + bigG widths, pooled + 6 time ids', () => {
    const code = [
      'import sys; sys.path.insert(0, sys.argv[1]); import sd_configs as c',
      'for tiny in (False, True):',
      '  x = c.configs("sdxl", tiny); e = x["text_encoders"]',
      '  assert x["unet"]["cross_attention_dim"] == e[0]["hidden_size"] + e[1]["hidden_size"], x',
      '  assert x["unet"]["projection_class_embeddings_input_dim"] == e[1]["projection_dim"] + 6 * x["unet"]["addition_time_embed_dim"]',
      '  s = c.configs("sd", tiny); assert s["unet"]["cross_attention_dim"] == s["text_encoders"][0]["hidden_size"]',
      'print("ok")',
    ].join('\n');
    const result = spawnSync('python3', ['-c', code, GPU_DIR], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ok');
  });
});
