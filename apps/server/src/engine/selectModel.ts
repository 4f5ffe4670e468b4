import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { DEMO_MARKER_KEY, DISPLAY_NAME_KEY, MODELS_ROOT, ensureDemoModel } from '@promptjam/models';
import type { EngineLabel } from './EngineHost.js';

/** Real model folders `auto` looks for under the models root, best first. */
export const PREFERRED_MODEL_NAMES = ['sdxl-turbo', 'sd-turbo'] as const;

/** The model the server will load. */
export interface ModelChoice {
  modelDir: string;
  /** Name and demo flag, read from `model_index.json` (before the engine has loaded). */
  label: EngineLabel;
  /** `flag`: named by --model / PROMPTJAM_MODEL; `installed`: found under the models root; `demo`: the fallback. */
  source: 'flag' | 'installed' | 'demo';
}

/** `--model` names nothing usable. */
export class ModelSelectionError extends Error {
  override name = 'ModelSelectionError';
  constructor(
    readonly requested: string,
    readonly looked: string[],
  ) {
    super(`--model ${requested}: expected a model folder with model_index.json, found none at ${looked.join(' or ')}`);
  }
}

async function hasModelIndex(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, 'model_index.json'))).isFile();
  } catch {
    return false;
  }
}

/** Reads the display name and demo marker from a folder's `model_index.json`; falls back to the folder name. */
export async function readModelLabel(dir: string): Promise<EngineLabel> {
  try {
    const index = JSON.parse(await readFile(join(dir, 'model_index.json'), 'utf8')) as Record<string, unknown>;
    const name = index[DISPLAY_NAME_KEY];
    return { model: typeof name === 'string' && name !== '' ? name : basename(dir), demo: index[DEMO_MARKER_KEY] === true };
  } catch {
    return { model: basename(dir), demo: false };
  }
}

/**
 * Picks the model folder: `requested` as a path (absolute, or relative to the working directory) or as a name
 * under the models root; without one, the first installed of {@link PREFERRED_MODEL_NAMES}, else the demo model
 * (generated on first use). Throws {@link ModelSelectionError} when `requested` names no model folder.
 */
export async function selectModel(requested: string | undefined, modelsRoot: string = MODELS_ROOT): Promise<ModelChoice> {
  if (requested !== undefined) {
    const candidates = isAbsolute(requested) ? [requested] : [resolve(requested), join(modelsRoot, requested)];
    for (const dir of candidates) {
      if (await hasModelIndex(dir)) return { modelDir: dir, label: await readModelLabel(dir), source: 'flag' };
    }
    throw new ModelSelectionError(requested, candidates);
  }
  for (const name of PREFERRED_MODEL_NAMES) {
    const dir = join(modelsRoot, name);
    if (await hasModelIndex(dir)) return { modelDir: dir, label: await readModelLabel(dir), source: 'installed' };
  }
  const demoDir = await ensureDemoModel();
  return { modelDir: demoDir, label: await readModelLabel(demoDir), source: 'demo' };
}
