/**
 * The models `promptjam models fetch` knows by name, their licences, and which files of a repository the
 * engine needs (the ONNX graphs, their external weights, configs and tokenizer files; not READMEs,
 * sample images or PyTorch checkpoints).
 */
import type { HubFile } from './HubClient.js';

/** A model's licence as printed before download: a short summary, never a substitute for the text at `url`. */
export interface ModelLicence {
  name: string;
  summary: readonly string[];
  url: string;
}

/** A model `promptjam models fetch NAME` can download. */
export interface KnownModel {
  /** Folder name under the models root and the CLI name. */
  name: string;
  /** Hub repository `owner/name`. */
  repo: string;
  /** Model family, which decides the expected folder layout. */
  type: 'sdxl' | 'sd';
  description: string;
  licence: ModelLicence;
}

const STABILITY_TURBO_SUMMARY = [
  'The weights are Stability AI\'s, not part of promptjam, and come under Stability AI\'s own licence.',
  'Research and non-commercial use is free.',
  'Commercial use is allowed only on Stability AI\'s terms (when this was written: after registering, for',
  '  organisations under US$1M in annual revenue; an enterprise licence above that).',
  'Stability AI\'s Acceptable Use Policy applies; keep the licence notice with the weights.',
  'This is a summary, not the licence: the full terms at the link bind you. Downloading means you accept them.',
];

/** Every model known by name, in the order `models list` prints them. */
export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    name: 'sdxl-turbo',
    repo: 'onnxruntime/sdxl-turbo',
    type: 'sdxl',
    description: 'SDXL Turbo (1-4 steps, 512x512), ONNX export optimised for onnxruntime CUDA',
    licence: {
      name: 'Stability AI Community License (first released under the Non-Commercial Research Community License)',
      summary: STABILITY_TURBO_SUMMARY,
      url: 'https://huggingface.co/stabilityai/sdxl-turbo/blob/main/LICENSE.md',
    },
  },
  {
    name: 'sd-turbo',
    repo: 'onnxruntime/sd-turbo',
    type: 'sd',
    description: 'SD Turbo (SD 2.1 distilled, 1-4 steps, 512x512), ONNX export optimised for onnxruntime CUDA',
    licence: {
      name: 'Stability AI Community License (first released under the Non-Commercial Research Community License)',
      summary: STABILITY_TURBO_SUMMARY,
      url: 'https://huggingface.co/stabilityai/sd-turbo/blob/main/LICENSE.md',
    },
  },
];

/** The known model called `name`, or undefined. */
export function findKnownModel(name: string): KnownModel | undefined {
  return KNOWN_MODELS.find((model) => model.name === name);
}

/** Tokenizer files the CLIP tokenizer may read (the engine needs vocab.json + merges.txt, the rest is config). */
const TOKENIZER_FILES = new Set(['vocab.json', 'merges.txt', 'tokenizer_config.json', 'special_tokens_map.json']);
/** Names ONNX exporters give to external weight files beside `model.onnx`. */
const EXTERNAL_DATA_PATTERN = /(\.onnx\.data|\.onnx_data|\.data|\.pb)$/;

/**
 * The subset of a repository listing the engine needs: `*.onnx`, external data files in a folder that holds an
 * `.onnx` graph, every `*.json` (model_index, configs, tokenizer configs), and `merges.txt`.
 * Hidden folders (`.git…`) and everything else (README, images, `.safetensors`, `.bin`) are left out.
 */
export function selectEngineFiles(files: readonly HubFile[]): HubFile[] {
  const graphFolders = new Set(files.filter((f) => f.path.endsWith('.onnx')).map((f) => folderOf(f.path)));
  return files.filter((file) => {
    const segments = file.path.split('/');
    if (segments.some((segment) => segment.startsWith('.'))) return false;
    const base = segments[segments.length - 1] ?? '';
    if (base.endsWith('.onnx') || base.endsWith('.json') || TOKENIZER_FILES.has(base)) return true;
    return EXTERNAL_DATA_PATTERN.test(base) && graphFolders.has(folderOf(file.path));
  });
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
