import { existsSync, statSync } from 'node:fs';
import { DiffusionError } from '../errors.js';
import type { TensorSpec } from '../ort/hostTensor.js';
import { createSessions } from '../ort/createSessions.js';
import type { Logger } from '../ort/onnxSession.js';
import type { SchedulerConfig } from '../schedulers/schedulerConfig.js';
import { loadTokenizer, readTokenizerSettings } from '../tokenizer/loadTokenizer.js';
import { checkSignature } from './checkSignature.js';
import { loadModelFolder, type ComponentName, type ModelType } from './loadModelFolder.js';

/** One component's files and tensors. */
export interface ComponentReport {
  path: string;
  bytes: number;
  /** Size of `model.onnx.data` beside it, if any (external weights). */
  externalDataBytes?: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** Everything `promptjam models inspect` shows about a folder. */
export interface ModelReport {
  dir: string;
  name: string;
  modelType: ModelType;
  pipelineClass: string;
  demo: boolean;
  components: Partial<Record<ComponentName, ComponentReport>>;
  tokenizers: Array<{ dir: string; padToken: string; padId: number; maxLength: number }>;
  scheduler: SchedulerConfig;
  vaeScalingFactor: number;
  /** Float dtype of the UNet, or undefined if the tensors did not check out. */
  floatType?: 'float32' | 'float16';
  /** Whether img2img is available (a vae_encoder is present). */
  img2img: boolean;
  /** The {@link ModelTensorError} message when the tensors do not fit the pipeline; absent when they do. */
  signatureError?: string;
}

/**
 * Loads every component on the CPU just long enough to read its input/output metadata, and reports it
 * with the settings the engine derives (model type, pad tokens, scheduler, VAE scaling factor, demo flag).
 * Folder-level problems (missing or corrupt files) throw the same named errors as loading; tensor
 * mismatches are reported in `signatureError` so the rest of the report stays visible.
 */
export async function inspectModel(dir: string, log: Logger = () => {}): Promise<ModelReport> {
  const folder = await loadModelFolder(dir);
  const tokenizers = await Promise.all(
    folder.tokenizerDirs.map(async (tokenizerDir) => {
      const [tokenizer, settings] = await Promise.all([loadTokenizer(tokenizerDir), readTokenizerSettings(tokenizerDir)]);
      return { dir: tokenizerDir, padToken: settings.padToken, padId: tokenizer.padId, maxLength: tokenizer.maxLength };
    }),
  );
  const { sessions } = await createSessions(folder.components as Record<string, string>, 'cpu', log, { purpose: 'inspect' });
  try {
    const components: ModelReport['components'] = {};
    for (const [name, path] of Object.entries(folder.components) as Array<[ComponentName, string]>) {
      const session = sessions[name]!;
      const dataPath = `${path}.data`;
      components[name] = {
        path,
        bytes: statSync(path).size,
        ...(existsSync(dataPath) ? { externalDataBytes: statSync(dataPath).size } : {}),
        inputs: [...session.inputs],
        outputs: [...session.outputs],
      };
    }
    let floatType: ModelReport['floatType'];
    let signatureError: string | undefined;
    try {
      floatType = checkSignature(folder.type, sessions).floatType;
    } catch (error) {
      if (!(error instanceof DiffusionError)) throw error;
      signatureError = error.message;
    }
    return {
      dir: folder.dir,
      name: folder.name,
      modelType: folder.type,
      pipelineClass: folder.pipelineClass,
      demo: folder.demo,
      components,
      tokenizers,
      scheduler: folder.scheduler,
      vaeScalingFactor: folder.vaeScalingFactor,
      img2img: folder.components.vae_encoder !== undefined,
      ...(floatType ? { floatType } : {}),
      ...(signatureError !== undefined ? { signatureError } : {}),
    };
  } finally {
    await Promise.all(Object.values(sessions).map((s) => s.release()));
  }
}
