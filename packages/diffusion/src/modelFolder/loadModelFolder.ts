import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ModelFolderError } from '../errors.js';
import { parseSchedulerConfig, type SchedulerConfig } from '../schedulers/schedulerConfig.js';
import { readJsonFile, readOptionalJsonFile } from './readJsonFile.js';

/** `sdxl`: two text encoders + added time ids (SDXL Turbo). `sd`: one encoder (SD Turbo). */
export type ModelType = 'sdxl' | 'sd';

/** The ONNX components a pipeline runs, by diffusers folder name. */
export type ComponentName = 'text_encoder' | 'text_encoder_2' | 'unet' | 'vae_decoder' | 'vae_encoder';

/** VAE latent scaling factors of the published models, used when `vae_decoder/config.json` has none. */
export const DEFAULT_VAE_SCALING_FACTOR: Readonly<Record<ModelType, number>> = { sdxl: 0.13025, sd: 0.18215 };

/** Everything known about a model folder before any session is created. */
export interface ModelFolder {
  dir: string;
  type: ModelType;
  /** Display name: `_promptjam_display_name` from model_index.json, else `demo (tiny <type>)` for demos, else the folder name. */
  name: string;
  /** True when model_index.json carries `"_promptjam_demo": true`. */
  demo: boolean;
  /** model_index.json's `_class_name`. */
  pipelineClass: string;
  /** Absolute paths of each present component's `model.onnx`. */
  components: Partial<Record<ComponentName, string>>;
  /** Tokenizer folders: one for sd, two for sdxl (in encoder order). */
  tokenizerDirs: string[];
  scheduler: SchedulerConfig;
  vaeScalingFactor: number;
  /** Each component's `config.json`, when present. */
  configs: Partial<Record<ComponentName, Record<string, unknown>>>;
}

/** diffusers, Optimum (`ORT...`) and legacy diffusers ONNX (`Onnx...`) pipeline class names. */
const SUPPORTED_PIPELINES = /^(ORT|Onnx)?StableDiffusion(XL)?(Img2Img)?Pipeline$/;

function detectType(index: Record<string, unknown>, dir: string, expect?: ModelType): { type: ModelType; pipelineClass: string } {
  const pipelineClass = typeof index._class_name === 'string' ? index._class_name : '';
  if (!SUPPORTED_PIPELINES.test(pipelineClass)) {
    throw new ModelFolderError(
      `${join(dir, 'model_index.json')}: unsupported pipeline`,
      'StableDiffusionXLPipeline or StableDiffusionPipeline (SDXL Turbo / SD Turbo)',
      JSON.stringify(index._class_name ?? null),
    );
  }
  const type: ModelType = pipelineClass.includes('XL') || 'text_encoder_2' in index ? 'sdxl' : 'sd';
  if (expect && expect !== type) {
    throw new ModelFolderError(`wrong model type in ${dir}`, `a ${expect} model`, `a ${type} model (${pipelineClass})`);
  }
  return { type, pipelineClass };
}

function requireOnnx(dir: string, component: ComponentName): string {
  const path = join(dir, component, 'model.onnx');
  if (!existsSync(path)) throw new ModelFolderError(`model folder is missing ${component}`, `a file ${path}`, 'no such file');
  const size = statSync(path).size;
  if (size < 16) throw new ModelFolderError(`${component}/model.onnx is truncated`, 'an ONNX protobuf', `${size} bytes`);
  return path;
}

/**
 * Reads and validates a model folder in the diffusers/Optimum ONNX layout (see MODEL_CONTRACT.md):
 * model_index.json, the scheduler config, tokenizer folders and the components' model.onnx files.
 * Tensor names and shapes are checked later against the sessions' metadata ({@link checkSignature}).
 * @param expectType fail with a named error if the folder holds the other model type.
 */
export async function loadModelFolder(dir: string, expectType?: ModelType): Promise<ModelFolder> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new ModelFolderError('model folder not found', `a directory ${root}`, existsSync(root) ? 'a file' : 'nothing');
  }
  const index = await readJsonFile(join(root, 'model_index.json'));
  const { type, pipelineClass } = detectType(index, root, expectType);
  const names: ComponentName[] = type === 'sdxl' ? ['text_encoder', 'text_encoder_2', 'unet', 'vae_decoder'] : ['text_encoder', 'unet', 'vae_decoder'];
  const components: ModelFolder['components'] = {};
  for (const name of names) components[name] = requireOnnx(root, name);
  if (existsSync(join(root, 'vae_encoder', 'model.onnx'))) components.vae_encoder = requireOnnx(root, 'vae_encoder');

  const tokenizerDirs = (type === 'sdxl' ? ['tokenizer', 'tokenizer_2'] : ['tokenizer']).map((t) => join(root, t));
  for (const tokenizerDir of tokenizerDirs) {
    for (const file of ['vocab.json', 'merges.txt']) {
      if (!existsSync(join(tokenizerDir, file))) {
        throw new ModelFolderError('model folder is missing a tokenizer file', `a file ${join(tokenizerDir, file)}`, 'no such file');
      }
    }
  }
  const scheduler = parseSchedulerConfig(await readJsonFile(join(root, 'scheduler', 'scheduler_config.json')));
  const configs: ModelFolder['configs'] = {};
  await Promise.all(
    (Object.keys(components) as ComponentName[]).map(async (name) => {
      const config = await readOptionalJsonFile(join(root, name, 'config.json'));
      if (config) configs[name] = config;
    }),
  );
  const scaling = configs.vae_decoder?.scaling_factor;
  const demo = index._promptjam_demo === true;
  const explicitName = typeof index._promptjam_display_name === 'string' ? index._promptjam_display_name : undefined;
  return {
    dir: root,
    type,
    name: explicitName ?? (demo ? `demo (tiny ${type})` : basename(root)),
    demo,
    pipelineClass,
    components,
    tokenizerDirs,
    scheduler,
    vaeScalingFactor: typeof scaling === 'number' && scaling > 0 ? scaling : DEFAULT_VAE_SCALING_FACTOR[type],
    configs,
  };
}
