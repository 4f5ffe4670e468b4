import { OnnxDataType } from '../onnx/onnxSchema.js';
import type { GraphBuilder } from '../onnx/GraphBuilder.js';
import { LATENT_CHANNELS } from '../modelSpec.js';
import type { SeededRandom } from '../SeededRandom.js';

/** Smooth positional features (low-frequency sines of the normalised pixel position) the layout is built from. */
const POSITION_FEATURES = 12;
/** Width of the attention queries and keys. */
const ATTENTION_DIM = 8;
/** Softmax sharpness: larger gives crisper regions per token, smaller a blurrier blend. */
const ATTENTION_SHARPNESS = 1.6;
/** Highest spatial frequency of the features, in cycles across the image. */
const MAX_CYCLES_PER_IMAGE = 1.2;

/** Inputs of the prompt field. */
export interface PromptFieldInputs {
  /** [B,77,E] text conditioning. */
  encoderHiddenStates: string;
  /** Shape of the latent sample, int64 [4] = [B,4,h,w]. */
  sampleShape: string;
  /** [B,P] pooled text embedding (SDXL text_embeds) and its width P, or undefined (SD). */
  textEmbeds: { value: string; dim: number } | undefined;
  /** [B,6] SDXL size conditioning or undefined (SD). */
  timeIds: string | undefined;
}

/**
 * The prompt's "picture" in latent space [B,4,h,w]: a cross-attention from smooth positional features (queries)
 * to the text tokens (keys and values), so different tokens claim different soft regions and paint them with
 * their own colour, plus a global colour from the mean token (and text_embeds on SDXL). It is smooth at any
 * size, because queries vary slowly with position, and it changes with every prompt, because keys and values
 * are the tokens.
 */
export function buildPromptField(g: GraphBuilder, inputs: PromptFieldInputs, random: SeededRandom, crossDim: number): string {
  return g.scoped('prompt_field', () => {
    const queries = positionQueries(g, inputs.sampleShape, random);
    const tokens = g.op('LayerNormalization', [
      inputs.encoderHiddenStates,
      g.weight('token_norm.weight', new Float32Array(crossDim).fill(1), [crossDim]),
      g.weight('token_norm.bias', new Float32Array(crossDim), [crossDim]),
    ], { axis: -1, epsilon: { float: 1e-5 } });
    const keyWeight = g.weight('to_k', random.normals(crossDim * ATTENTION_DIM, 1 / Math.sqrt(crossDim)), [
      crossDim,
      ATTENTION_DIM,
    ]);
    const valueWeight = g.weight('to_v', random.normals(crossDim * LATENT_CHANNELS, 1.2 / Math.sqrt(crossDim)), [
      crossDim,
      LATENT_CHANNELS,
    ]);
    const keysT = g.op('Transpose', [g.op('MatMul', [tokens, keyWeight])], { perm: [0, 2, 1] });
    const scores = g.op('Mul', [g.op('MatMul', [queries, keysT]), g.scalar('sharpness', ATTENTION_SHARPNESS)]);
    const weights = g.op('Softmax', [scores], { axis: -1 });
    const mixed = g.op('MatMul', [weights, g.op('MatMul', [tokens, valueWeight])]);
    const field = g.op('Reshape', [g.op('Transpose', [mixed], { perm: [0, 2, 1] }), inputs.sampleShape]);
    return g.op('Add', [field, globalColour(g, inputs, tokens, random, crossDim)]);
  });
}

/** [h*w, ATTENTION_DIM] queries from sin(2*pi*(a*u + b*v) + c), with u, v in (0,1) the pixel centre position. */
function positionQueries(g: GraphBuilder, sampleShape: string, random: SeededRandom): string {
  const f = POSITION_FEATURES;
  const axisPositions = (axis: number): string => {
    const size = g.op('Gather', [sampleShape, g.int64(`axis${axis}`, [axis], [])], { axis: 0 });
    const index = g.op('Cast', [g.op('Range', [g.int64('zero', [0], []), size, g.int64('one', [1], [])])], {
      to: OnnxDataType.float32,
    });
    const centred = g.op('Add', [index, g.scalar('half', 0.5)]);
    const normalised = g.op('Div', [centred, g.op('Cast', [size], { to: OnnxDataType.float32 })]);
    return g.op('Unsqueeze', [normalised, g.int64('axes', [1])]);
  };
  const cycles = 2 * Math.PI * MAX_CYCLES_PER_IMAGE;
  const rowPhase = g.op('MatMul', [axisPositions(2), g.weight('freq_v', random.uniforms(f, -cycles, cycles), [1, f])]);
  const colPhase = g.op('MatMul', [axisPositions(3), g.weight('freq_u', random.uniforms(f, -cycles, cycles), [1, f])]);
  const phase = g.op('Add', [
    g.op('Add', [g.op('Unsqueeze', [rowPhase, g.int64('axes', [1])]), g.op('Unsqueeze', [colPhase, g.int64('axes', [0])])]),
    g.weight('phase', random.uniforms(f, 0, 2 * Math.PI), [f]),
  ]);
  const features = g.op('Reshape', [g.op('Sin', [phase]), g.int64('flat', [-1, f])]);
  const queryWeight = g.weight('to_q', random.normals(f * ATTENTION_DIM, Math.sqrt(2 / f)), [f, ATTENTION_DIM]);
  return g.op('MatMul', [features, queryWeight]);
}

/** [B,4,1,1]: colour from the mean token, plus text_embeds and a faint time_ids term on SDXL. */
function globalColour(
  g: GraphBuilder,
  inputs: PromptFieldInputs,
  tokens: string,
  random: SeededRandom,
  crossDim: number,
): string {
  // Opset 17 ReduceMean still takes its axes as an attribute (an input only from opset 18).
  const meanToken = g.op('ReduceMean', [tokens], { axes: [1], keepdims: 0 });
  const fromTokens = g.weight('mean_to_colour', random.normals(crossDim * LATENT_CHANNELS, 0.6 / Math.sqrt(crossDim)), [
    crossDim,
    LATENT_CHANNELS,
  ]);
  let colour = g.op('MatMul', [meanToken, fromTokens]);
  if (inputs.textEmbeds !== undefined) {
    const normed = g.op('LpNormalization', [inputs.textEmbeds.value], { axis: -1, p: 2 });
    const pooledDim = inputs.textEmbeds.dim;
    const fromPooled = g.weight('pooled_to_colour', random.normals(pooledDim * LATENT_CHANNELS, 3 / Math.sqrt(pooledDim)), [
      pooledDim,
      LATENT_CHANNELS,
    ]);
    colour = g.op('Add', [colour, g.op('MatMul', [normed, fromPooled])]);
  }
  if (inputs.timeIds !== undefined) {
    // Size conditioning only nudges the tint (1024 px changes the colour by about 0.02), as it should.
    const fromTimeIds = g.weight('time_ids_to_colour', random.normals(6 * LATENT_CHANNELS, 2e-5), [6, LATENT_CHANNELS]);
    colour = g.op('Add', [colour, g.op('MatMul', [inputs.timeIds, fromTimeIds])]);
  }
  return g.op('Unsqueeze', [colour, g.int64('spatial_axes', [2, 3])]);
}
