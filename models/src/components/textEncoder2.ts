import { BATCH_DIM, type TextEncoderSpec, type TinyModelSpec } from '../modelSpec.js';
import { GraphBuilder } from '../onnx/GraphBuilder.js';
import type { SeededRandom } from '../SeededRandom.js';
import { MODEL_MAX_LENGTH } from '../tokenizer/tokenizerFiles.js';
import { buildClipTextStack } from './clipTextStack.js';

/**
 * text_encoder_2/model.onnx with CLIPTextModelWithProjection's exported names: input_ids -> text_embeds
 * (pooled state times a bias-free projection), last_hidden_state, hidden_states.0 .. hidden_states.32.
 */
export function buildTextEncoder2(
  spec: TinyModelSpec,
  encoder: TextEncoderSpec,
  vocabSize: number,
  random: SeededRandom,
): Uint8Array {
  const projectionDim = encoder.projectionDim;
  if (projectionDim === undefined) throw new Error(`${encoder.folder}: a projection encoder needs projectionDim`);
  const g = new GraphBuilder(encoder.folder, spec.dtype);
  const d = encoder.hiddenSize;
  const { hiddenStates, last, pooled } = buildClipTextStack(g, spec, encoder, vocabSize, random);
  const projection = g.weight('text_projection', random.normals(d * projectionDim, 1 / Math.sqrt(d)), [
    d,
    projectionDim,
  ]);
  const hiddenShape = [BATCH_DIM, MODEL_MAX_LENGTH, d];
  g.output(g.op('MatMul', [pooled, projection]), 'text_embeds', spec.dtype, [BATCH_DIM, projectionDim]);
  g.output(last, 'last_hidden_state', spec.dtype, hiddenShape);
  hiddenStates.forEach((state, index) => g.output(state, `hidden_states.${index}`, spec.dtype, hiddenShape));
  return g.toBytes(`tiny CLIPTextModelWithProjection (${spec.type}, ${spec.dtype}), ${encoder.layers} cheap layers`);
}
