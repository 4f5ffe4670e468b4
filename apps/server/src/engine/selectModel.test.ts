import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_MODEL_DIR } from '@promptjam/models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../test/testServer.js';
import { ModelSelectionError, selectModel } from './selectModel.js';

let root: string;
beforeEach(async () => {
  root = await makeDataDir();
});
afterEach(async () => {
  await removeDataDir(root);
});

async function addModel(name: string, index: Record<string, unknown> = {}): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model_index.json'), JSON.stringify({ _class_name: 'StableDiffusionXLPipeline', ...index }));
  return dir;
}

describe('selectModel', () => {
  it('prefers sdxl-turbo, then sd-turbo, and falls back to the demo model', async () => {
    expect(await selectModel(undefined, root)).toMatchObject({ modelDir: DEMO_MODEL_DIR, source: 'demo', label: { model: 'demo (tiny sdxl)', demo: true } });
    await addModel('sd-turbo');
    expect(await selectModel(undefined, root)).toMatchObject({ modelDir: join(root, 'sd-turbo'), source: 'installed', label: { model: 'sd-turbo', demo: false } });
    await addModel('sdxl-turbo');
    expect((await selectModel(undefined, root)).modelDir).toBe(join(root, 'sdxl-turbo'));
  });

  it('takes --model as a path or as a name under the models root', async () => {
    const dir = await addModel('my-model', { _promptjam_display_name: 'my fine-tune' });
    expect(await selectModel(dir, root)).toMatchObject({ modelDir: dir, source: 'flag', label: { model: 'my fine-tune' } });
    expect((await selectModel('my-model', root)).modelDir).toBe(dir);
  });

  it('names what it looked for when --model finds no model folder', async () => {
    await mkdir(join(root, 'empty'));
    const failure = selectModel('empty', root);
    await expect(failure).rejects.toBeInstanceOf(ModelSelectionError);
    await expect(failure).rejects.toThrow(/--model empty: expected a model folder with model_index.json, found none at .*empty/);
  });
});
