import { BATCH_DIM, type TextEncoderSpec, type TinyModelSpec } from '../modelSpec.js';
import { GraphBuilder } from '../onnx/GraphBuilder.js';
import type { SeededRandom } from '../SeededRandom.js';
import { MODEL_MAX_LENGTH } from '../tokenizer/tokenizerFiles.js';
import { buildClipTextStack } from './clipTextStack.js';

/**
 * text_encoder/model.onnx with CLIPTextModel's exported names: input_ids -> last_hidden_state, pooler_output,
 * hidden_states.0 .. hidden_states.<layers> (SDXL's first encoder: 13 states; SD Turbo's: 24).
 */
export function buildTextEncoder(
  spec: TinyModelSpec,
  encoder: TextEncoderSpec,
  vocabSize: number,
  random: SeededRandom,
): Uint8Array {
  const g = new GraphBuilder(encoder.folder, spec.dtype);
  const { hiddenStates, last, pooled } = buildClipTextStack(g, spec, encoder, vocabSize, random);
  const hiddenShape = [BATCH_DIM, MODEL_MAX_LENGTH, encoder.hiddenSize];
  g.output(last, 'last_hidden_state', spec.dtype, hiddenShape);
  g.output(pooled, 'pooler_output', spec.dtype, [BATCH_DIM, encoder.hiddenSize]);
  hiddenStates.forEach((state, index) => g.output(state, `hidden_states.${index}`, spec.dtype, hiddenShape));
  return g.toBytes(`tiny CLIPTextModel (${spec.type}, ${spec.dtype}), ${encoder.layers} cheap causal layers`);
}
