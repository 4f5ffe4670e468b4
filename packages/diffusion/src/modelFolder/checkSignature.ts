import { ModelTensorError } from '../errors.js';
import { describeSpec, isFloatType, type TensorSpec } from '../ort/hostTensor.js';
import type { ModelType } from './loadModelFolder.js';

/** Inputs and outputs of one component, as plain specs (from session metadata). */
export interface ComponentIo {
  inputs: readonly TensorSpec[];
  outputs: readonly TensorSpec[];
}

/** What the pipeline feeds and fetches for one text encoder. */
export interface TextEncoderSignature {
  inputIds: TensorSpec;
  /** SDXL: the penultimate `hidden_states.N`; SD: `last_hidden_state`. */
  hiddenOutput: string;
  /** SDXL text_encoder_2: `text_embeds` (pooled projection). */
  pooledOutput?: string;
  /** Width of the hidden output (last axis), when fixed in the graph. */
  hiddenSize?: number;
}

/** The tensor names, dtypes and shapes the pipeline will use, checked against the model. */
export interface ModelSignature {
  textEncoders: TextEncoderSignature[];
  unet: {
    sample: TensorSpec;
    timestep: TensorSpec;
    encoderHiddenStates: TensorSpec;
    textEmbeds?: TensorSpec;
    timeIds?: TensorSpec;
    output: string;
  };
  vaeDecoder: { input: TensorSpec; output: string };
  vaeEncoder?: { input: TensorSpec; output: string };
  /** Float dtype of the UNet's `sample`. */
  floatType: 'float32' | 'float16';
  latentChannels: number;
}

function need(component: string, specs: readonly TensorSpec[], name: string, kind: 'input' | 'output'): TensorSpec {
  const spec = specs.find((s) => s.name === name);
  if (!spec) {
    throw new ModelTensorError(`${component} has no ${kind} '${name}'`, `${kind} '${name}'`, specs.map(describeSpec).join(', ') || 'none');
  }
  return spec;
}

function needRank(component: string, spec: TensorSpec, rank: number, types: readonly string[]): TensorSpec {
  if (spec.shape.length !== rank || !types.includes(spec.type)) {
    throw new ModelTensorError(`${component} '${spec.name}' has an unexpected type or shape`, `${types.join('|')} of rank ${rank}`, describeSpec(spec));
  }
  return spec;
}

const FLOATS = ['float32', 'float16'] as const;

function textEncoder(component: string, io: ComponentIo, use: 'penultimate' | 'last', pooled: boolean): TextEncoderSignature {
  const inputIds = needRank(component, need(component, io.inputs, 'input_ids', 'input'), 2, ['int32', 'int64']);
  let hiddenOutput = 'last_hidden_state';
  if (use === 'penultimate') {
    const layers = io.outputs.map((o) => /^hidden_states\.(\d+)$/.exec(o.name)?.[1]).filter((n) => n !== undefined).map(Number);
    if (layers.length < 2) {
      throw new ModelTensorError(`${component} does not output its hidden states`, 'outputs hidden_states.0 .. hidden_states.N', io.outputs.map((o) => o.name).join(', '));
    }
    hiddenOutput = `hidden_states.${Math.max(...layers) - 1}`;
  }
  const hidden = needRank(component, need(component, io.outputs, hiddenOutput, 'output'), 3, FLOATS);
  const width = hidden.shape[2];
  const signature: TextEncoderSignature = { inputIds, hiddenOutput, hiddenSize: typeof width === 'number' ? width : undefined };
  if (pooled) signature.pooledOutput = needRank(component, need(component, io.outputs, 'text_embeds', 'output'), 2, FLOATS).name;
  return signature;
}

/**
 * Checks each component's tensor names, dtypes and ranks against what the pipeline of `type` needs
 * and that the text encoders' widths add up to the UNet's `encoder_hidden_states` width. Every
 * mismatch is a {@link ModelTensorError} naming the component, the expected and the found tensor.
 */
export function checkSignature(type: ModelType, io: Partial<Record<string, ComponentIo>>): ModelSignature {
  const get = (name: string): ComponentIo => {
    const value = io[name];
    if (!value) throw new ModelTensorError(`component ${name} not loaded`, name, 'nothing');
    return value;
  };
  const textEncoders =
    type === 'sdxl'
      ? [textEncoder('text_encoder', get('text_encoder'), 'penultimate', false), textEncoder('text_encoder_2', get('text_encoder_2'), 'penultimate', true)]
      : [textEncoder('text_encoder', get('text_encoder'), 'last', false)];

  const unetIo = get('unet');
  const sample = needRank('unet', need('unet', unetIo.inputs, 'sample', 'input'), 4, FLOATS);
  const timestep = need('unet', unetIo.inputs, 'timestep', 'input');
  if (timestep.shape.length > 1 || !['float32', 'float16', 'int64', 'int32'].includes(timestep.type)) {
    throw new ModelTensorError("unet 'timestep' has an unexpected type or shape", 'float32|float16|int64 scalar, [1] or [B]', describeSpec(timestep));
  }
  const encoderHiddenStates = needRank('unet', need('unet', unetIo.inputs, 'encoder_hidden_states', 'input'), 3, FLOATS);
  const hasTextEmbeds = unetIo.inputs.some((s) => s.name === 'text_embeds');
  if (type === 'sd' && hasTextEmbeds) {
    throw new ModelTensorError('wrong model type: the unet takes SDXL conditioning', "an SD unet (no 'text_embeds'/'time_ids')", 'inputs text_embeds, time_ids');
  }
  const unet: ModelSignature['unet'] = { sample, timestep, encoderHiddenStates, output: need('unet', unetIo.outputs, 'out_sample', 'output').name };
  if (type === 'sdxl') {
    unet.textEmbeds = needRank('unet', need('unet', unetIo.inputs, 'text_embeds', 'input'), 2, FLOATS);
    unet.timeIds = needRank('unet', need('unet', unetIo.inputs, 'time_ids', 'input'), 2, FLOATS);
  }
  const contextWidth = encoderHiddenStates.shape[2];
  const widths = textEncoders.map((t) => t.hiddenSize);
  if (typeof contextWidth === 'number' && widths.every((w) => w !== undefined)) {
    const total = widths.reduce<number>((a, b) => a + (b ?? 0), 0);
    if (total !== contextWidth) {
      throw new ModelTensorError(
        "unet 'encoder_hidden_states' width does not match the text encoders",
        `${contextWidth} (unet)`,
        `${widths.join(' + ')} = ${total} from the text encoder(s)`,
      );
    }
  }
  const vaeIo = get('vae_decoder');
  const vaeDecoder = {
    input: needRank('vae_decoder', need('vae_decoder', vaeIo.inputs, 'latent_sample', 'input'), 4, FLOATS),
    output: needRank('vae_decoder', need('vae_decoder', vaeIo.outputs, 'sample', 'output'), 4, FLOATS).name,
  };
  let vaeEncoder: ModelSignature['vaeEncoder'];
  const encoderIo = io.vae_encoder;
  if (encoderIo) {
    const output = encoderIo.outputs.find((o) => o.name === 'latent_sample' || o.name === 'latent_parameters');
    if (!output) {
      throw new ModelTensorError('vae_encoder has no latent output', "output 'latent_sample' or 'latent_parameters'", encoderIo.outputs.map(describeSpec).join(', '));
    }
    vaeEncoder = { input: needRank('vae_encoder', need('vae_encoder', encoderIo.inputs, 'sample', 'input'), 4, FLOATS), output: output.name };
  }
  const channels = sample.shape[1];
  if (!isFloatType(sample.type)) throw new ModelTensorError("unet 'sample' is not a float tensor", 'float32|float16', sample.type);
  return { textEncoders, unet, vaeDecoder, vaeEncoder, floatType: sample.type, latentChannels: typeof channels === 'number' ? channels : 4 };
}
