import { COST_BLOCK_CHANNELS } from './components/costBlocks.js';
import type { TextEncoderSpec, TinyModelSpec } from './modelSpec.js';
import { BETA_END, BETA_START, NUM_TRAIN_TIMESTEPS } from './noiseSchedule.js';
import { MODEL_MAX_LENGTH, tinyVocabulary } from './tokenizer/tokenizerFiles.js';

/** diffusers version the configs claim (the one SDXL Turbo's configs were written with). */
const DIFFUSERS_VERSION = '0.24.0';
/**
 * Bumped whenever the generator's output changes; stored in model_index.json so `ensureDemoModel` regenerates a
 * demo folder written by an older generator.
 */
export const TINY_MODEL_GENERATOR_VERSION = 2;

/** Marker keys in model_index.json (diffusers ignores keys starting with "_"). */
export const DEMO_MARKER_KEY = '_promptjam_demo';
/** Display-name key in model_index.json. */
export const DISPLAY_NAME_KEY = '_promptjam_display_name';
/** Generator-version key in model_index.json. */
export const GENERATOR_VERSION_KEY = '_promptjam_generator_version';

/** model_index.json: pipeline class, components, and the promptjam markers. */
export function modelIndexJson(spec: TinyModelSpec): Record<string, unknown> {
  const sdxl = spec.type === 'sdxl';
  const index: Record<string, unknown> = {
    _class_name: sdxl ? 'StableDiffusionXLPipeline' : 'StableDiffusionPipeline',
    _diffusers_version: DIFFUSERS_VERSION,
    [DEMO_MARKER_KEY]: spec.demo,
    [DISPLAY_NAME_KEY]: spec.displayName,
    [GENERATOR_VERSION_KEY]: TINY_MODEL_GENERATOR_VERSION,
    feature_extractor: [null, null],
    image_encoder: [null, null],
    requires_safety_checker: false,
    safety_checker: [null, null],
    scheduler: ['diffusers', sdxl ? 'EulerAncestralDiscreteScheduler' : 'EulerDiscreteScheduler'],
    text_encoder: ['transformers', 'CLIPTextModel'],
    tokenizer: ['transformers', 'CLIPTokenizer'],
    unet: ['diffusers', 'UNet2DConditionModel'],
    vae: ['diffusers', 'AutoencoderKL'],
  };
  if (sdxl) {
    index.force_zeros_for_empty_prompt = true;
    index.text_encoder_2 = ['transformers', 'CLIPTextModelWithProjection'];
    index.tokenizer_2 = ['transformers', 'CLIPTokenizer'];
  }
  return index;
}

/** scheduler/scheduler_config.json of SDXL Turbo (Euler ancestral) or SD Turbo (Euler), trailing spacing. */
export function schedulerConfigJson(spec: TinyModelSpec): Record<string, unknown> {
  return {
    _class_name: spec.type === 'sdxl' ? 'EulerAncestralDiscreteScheduler' : 'EulerDiscreteScheduler',
    _diffusers_version: DIFFUSERS_VERSION,
    beta_end: BETA_END,
    beta_schedule: 'scaled_linear',
    beta_start: BETA_START,
    clip_sample: false,
    interpolation_type: 'linear',
    num_train_timesteps: NUM_TRAIN_TIMESTEPS,
    prediction_type: 'epsilon',
    sample_max_value: 1.0,
    set_alpha_to_one: false,
    skip_prk_steps: true,
    steps_offset: 1,
    timestep_spacing: 'trailing',
    trained_betas: null,
    use_karras_sigmas: false,
  };
}

/** config.json of text_encoder/ and text_encoder_2/ in transformers' CLIPTextConfig shape. */
export function textEncoderConfigJson(spec: TinyModelSpec, encoder: TextEncoderSpec): Record<string, unknown> {
  const { vocab } = tinyVocabulary();
  return {
    architectures: [encoder.projectionDim === undefined ? 'CLIPTextModel' : 'CLIPTextModelWithProjection'],
    bos_token_id: vocab.get('<|startoftext|>'),
    eos_token_id: vocab.get('<|endoftext|>'),
    hidden_act: 'tanh',
    hidden_size: encoder.hiddenSize,
    intermediate_size: encoder.hiddenSize,
    max_position_embeddings: MODEL_MAX_LENGTH,
    model_type: 'clip_text_model',
    num_attention_heads: 1,
    num_hidden_layers: encoder.layers,
    pad_token_id: encoder.padToken === '!' ? 0 : vocab.get('<|endoftext|>'),
    projection_dim: encoder.projectionDim ?? encoder.hiddenSize,
    torch_dtype: spec.dtype,
    vocab_size: vocab.size,
  };
}

/** unet/config.json in diffusers' UNet2DConditionModel shape (tiny numbers). */
export function unetConfigJson(spec: TinyModelSpec): Record<string, unknown> {
  const config: Record<string, unknown> = {
    _class_name: 'UNet2DConditionModel',
    _diffusers_version: DIFFUSERS_VERSION,
    block_out_channels: [COST_BLOCK_CHANNELS],
    cross_attention_dim: spec.crossAttentionDim,
    in_channels: 4,
    out_channels: 4,
    layers_per_block: spec.costScale,
    sample_size: 64,
    _promptjam_cost_scale: spec.costScale,
  };
  if (spec.pooledDim !== undefined) {
    const timeEmbedDim = 8;
    config.addition_embed_type = 'text_time';
    config.addition_time_embed_dim = timeEmbedDim;
    config.projection_class_embeddings_input_dim = spec.pooledDim + 6 * timeEmbedDim;
  }
  return config;
}

/** vae_decoder/config.json and vae_encoder/config.json (diffusers AutoencoderKL; scaling_factor matters). */
/** preview_decoder/config.json: diffusers' AutoencoderTiny config keys the engine reads (scaling_factor 1.0, TAESD's). */
export function previewDecoderConfigJson(): Record<string, unknown> {
  return { _class_name: 'AutoencoderTiny', _diffusers_version: DIFFUSERS_VERSION, latent_channels: 4, out_channels: 3, scaling_factor: 1.0 };
}

export function vaeConfigJson(spec: TinyModelSpec): Record<string, unknown> {
  return {
    _class_name: 'AutoencoderKL',
    _diffusers_version: DIFFUSERS_VERSION,
    force_upcast: spec.type === 'sdxl',
    in_channels: 3,
    latent_channels: 4,
    out_channels: 3,
    sample_size: 512,
    scaling_factor: spec.vaeScalingFactor,
  };
}
