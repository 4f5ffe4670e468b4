/**
 * The options a caller gives `writeTinyModel`, and their resolution into a complete spec (every variant choice
 * made explicit). Dimensions are tiny stand-ins for the real ones (768/1280/2048 become 32/48/80).
 */

/** Model layout: SDXL (two text encoders, text_embeds + time_ids) or SD (one text encoder). */
export type TinyModelType = 'sdxl' | 'sd';
/** Storage type of every float tensor in the folder (weights, float inputs, float outputs). */
export type TinyModelDtype = 'float32' | 'float16';
/** Element type of the text encoders' input_ids. */
export type InputIdsType = 'int32' | 'int64';
/** Element type of the UNet's timestep input. */
export type TimestepType = 'float32' | 'float16' | 'int64';
/** Shape of the UNet's timestep input: [] ('scalar'), [1] ('one') or [batch_size] ('batch'). */
export type TimestepShape = 'scalar' | 'one' | 'batch';
/** Name of the VAE encoder's output: older exports give the latent itself, newer Optimum the mean and logvar. */
export type VaeEncoderOutput = 'latent_sample' | 'latent_parameters';

/** Options of `writeTinyModel`. Only `dir`, `type` and `dtype` are required. */
export interface TinyModelOptions {
  /** Folder to write (created if missing; existing files of the same names are overwritten). */
  dir: string;
  type: TinyModelType;
  dtype: TinyModelDtype;
  /**
   * Extra compute in the UNet: the number of 64-channel residual 3x3 conv blocks at latent resolution
   * (an integer from 0 to MAX_COST_SCALE; default 0, the cheapest model). Each block adds about 0.3 GMAC per
   * 512x512 image: roughly 1.4 ms of session.run on an idle 2-core AVX-512 CPU (several times that when the CPU
   * is shared), so costScale 100 makes a 512x512 UNet call cost about 140 ms there, near SDXL Turbo on a GPU.
   */
  costScale?: number;
  /** Also write vae_encoder/ (default false; the demo model has one). */
  withVaeEncoder?: boolean;
  /** Also write preview_decoder/, a tiny TAESD-style decoder for preview frames (default false; the demo model has one). */
  withPreviewDecoder?: boolean;
  /** Mark the folder as the embedded demo model in model_index.json (default false). */
  demo?: boolean;
  /** Name for UIs, stored in model_index.json (default e.g. "tiny sdxl float16"; the demo uses "demo (tiny sdxl)"). */
  displayName?: string;
  /** Override the variant's input_ids element type (defaults: see `resolveSpec`). */
  inputIdsType?: InputIdsType;
  /** Override the variant's timestep element type. */
  timestepType?: TimestepType;
  /** Override the variant's timestep shape. */
  timestepShape?: TimestepShape;
  /** Override the VAE encoder's output (default latent_sample for sdxl, latent_parameters for sd). */
  vaeEncoderOutput?: VaeEncoderOutput;
  /** Weight seed (default fixed per model type, so fp32 and fp16 folders hold the same weights up to rounding). */
  seed?: number;
}

/** One text encoder's shape. */
export interface TextEncoderSpec {
  /** Folder name: text_encoder or text_encoder_2. */
  folder: 'text_encoder' | 'text_encoder_2';
  hiddenSize: number;
  /** Number of layers; the graph emits hidden_states.0 .. hidden_states.<layers>. */
  layers: number;
  /** Width of text_embeds for CLIPTextModelWithProjection; undefined for CLIPTextModel (pooler_output instead). */
  projectionDim: number | undefined;
  /** Token that fills the ids after EOS in this encoder's tokenizer folder. */
  padToken: '<|endoftext|>' | '!';
}

/** Every choice of one variant, resolved. */
export interface TinyModelSpec {
  type: TinyModelType;
  dtype: TinyModelDtype;
  costScale: number;
  withVaeEncoder: boolean;
  withPreviewDecoder: boolean;
  demo: boolean;
  displayName: string;
  inputIdsType: InputIdsType;
  timestepType: TimestepType;
  timestepShape: TimestepShape;
  vaeEncoderOutput: VaeEncoderOutput;
  seed: number;
  textEncoders: TextEncoderSpec[];
  /** Last axis of the UNet's encoder_hidden_states (sum of the encoders' hidden sizes for SDXL). */
  crossAttentionDim: number;
  /** Width of text_embeds (SDXL) or undefined (SD). */
  pooledDim: number | undefined;
  /** VAE scaling_factor: 0.13025 (SDXL) or 0.18215 (SD). */
  vaeScalingFactor: number;
}

/** Thrown when options are out of range; carries the option name, what was expected and what came. */
export class TinyModelOptionError extends Error {
  constructor(
    readonly option: string,
    readonly expected: string,
    readonly found: unknown,
  ) {
    super(`tiny model option ${option}: expected ${expected}, found ${JSON.stringify(found)}`);
    this.name = 'TinyModelOptionError';
  }
}

/** VAE scaling factor of SDXL's VAE. */
export const SDXL_VAE_SCALING_FACTOR = 0.13025;
/** VAE scaling factor of SD 1.x/2.x VAEs (SD Turbo). */
export const SD_VAE_SCALING_FACTOR = 0.18215;

/** Largest accepted costScale (about 150 GMAC per 512x512 UNet call: far beyond any benchmark's need). */
export const MAX_COST_SCALE = 512;

const DEFAULT_SEEDS: Record<TinyModelType, number> = { sdxl: 0x5d71, sd: 0x5d21 };

function checkOneOf<T extends string>(option: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new TinyModelOptionError(option, `one of ${allowed.join(', ')}`, value);
  return value;
}

/**
 * Resolves options into a spec. Defaults per variant (chosen so the four variants together cover what exporters do):
 * sdxl float32: input_ids int32, timestep float32 [1]; sdxl float16: input_ids int64, timestep int64 [1];
 * sd float32: input_ids int64, timestep int64 [batch_size]; sd float16: input_ids int32, timestep float16 [] (scalar).
 */
export function resolveSpec(options: TinyModelOptions): TinyModelSpec {
  const type = checkOneOf('type', options.type, ['sdxl', 'sd'] as const);
  const dtype = checkOneOf('dtype', options.dtype, ['float32', 'float16'] as const);
  const costScale = options.costScale ?? 0;
  if (!Number.isInteger(costScale) || costScale < 0 || costScale > MAX_COST_SCALE) {
    throw new TinyModelOptionError('costScale', `an integer from 0 to ${MAX_COST_SCALE}`, costScale);
  }
  const defaults = {
    sdxl: {
      float32: { ids: 'int32', t: 'float32', shape: 'one' },
      float16: { ids: 'int64', t: 'int64', shape: 'one' },
    },
    sd: {
      float32: { ids: 'int64', t: 'int64', shape: 'batch' },
      float16: { ids: 'int32', t: 'float16', shape: 'scalar' },
    },
  } as const;
  const variant = defaults[type][dtype];
  const textEncoders: TextEncoderSpec[] =
    type === 'sdxl'
      ? [
          { folder: 'text_encoder', hiddenSize: 32, layers: 12, projectionDim: undefined, padToken: '<|endoftext|>' },
          { folder: 'text_encoder_2', hiddenSize: 48, layers: 32, projectionDim: 40, padToken: '!' },
        ]
      : [{ folder: 'text_encoder', hiddenSize: 48, layers: 23, projectionDim: undefined, padToken: '!' }];
  const demo = options.demo ?? false;
  return {
    type,
    dtype,
    costScale,
    withVaeEncoder: options.withVaeEncoder ?? false,
    withPreviewDecoder: options.withPreviewDecoder ?? false,
    demo,
    displayName: options.displayName ?? (demo ? `demo (tiny ${type})` : `tiny ${type} ${dtype}`),
    inputIdsType: checkOneOf('inputIdsType', options.inputIdsType ?? variant.ids, ['int32', 'int64'] as const),
    timestepType: checkOneOf('timestepType', options.timestepType ?? variant.t, ['float32', 'float16', 'int64'] as const),
    timestepShape: checkOneOf('timestepShape', options.timestepShape ?? variant.shape, ['scalar', 'one', 'batch'] as const),
    vaeEncoderOutput: checkOneOf(
      'vaeEncoderOutput',
      options.vaeEncoderOutput ?? (type === 'sdxl' ? 'latent_sample' : 'latent_parameters'),
      ['latent_sample', 'latent_parameters'] as const,
    ),
    seed: options.seed ?? DEFAULT_SEEDS[type],
    textEncoders,
    crossAttentionDim: textEncoders.reduce((sum, encoder) => sum + encoder.hiddenSize, 0),
    pooledDim: type === 'sdxl' ? 40 : undefined,
    vaeScalingFactor: type === 'sdxl' ? SDXL_VAE_SCALING_FACTOR : SD_VAE_SCALING_FACTOR,
  };
}

/** Symbolic batch dimension of every graph input/output. */
export const BATCH_DIM = 'batch_size';
/** Symbolic latent height (image height / 8). */
export const LATENT_HEIGHT_DIM = 'latent_height';
/** Symbolic latent width (image width / 8). */
export const LATENT_WIDTH_DIM = 'latent_width';
/** Symbolic image height in pixels. */
export const IMAGE_HEIGHT_DIM = 'image_height';
/** Symbolic image width in pixels. */
export const IMAGE_WIDTH_DIM = 'image_width';
/** Latent channels of SD/SDXL VAEs. */
export const LATENT_CHANNELS = 4;
/** Pixels per latent cell along each axis. */
export const VAE_SCALE = 8;
