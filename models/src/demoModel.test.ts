import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_MODEL_DIR, MODELS_ROOT, ensureDemoModel } from './demoModel.js';

describe('demo model paths', () => {
  it('MODELS_ROOT is the package folder and DEMO_MODEL_DIR lives in its demo/', () => {
    expect(existsSync(join(MODELS_ROOT, 'package.json'))).toBe(true);
    expect(basename(MODELS_ROOT)).toBe('models');
    expect(DEMO_MODEL_DIR).toBe(join(MODELS_ROOT, 'demo', 'sdxl-tiny'));
  });

  it('ensureDemoModel returns a complete, marked SDXL demo folder', async () => {
    const dir = await ensureDemoModel();
    expect(dir).toBe(DEMO_MODEL_DIR);
    const index = JSON.parse(await readFile(join(dir, 'model_index.json'), 'utf8')) as Record<string, unknown>;
    expect(index).toMatchObject({
      _class_name: 'StableDiffusionXLPipeline',
      _promptjam_demo: true,
      _promptjam_display_name: 'demo (tiny sdxl)',
    });
    expect(existsSync(join(dir, 'vae_encoder', 'model.onnx'))).toBe(true);
    expect(await ensureDemoModel()).toBe(dir);
  });
});
