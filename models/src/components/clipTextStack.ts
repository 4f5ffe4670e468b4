import type { GraphBuilder } from '../onnx/GraphBuilder.js';
import { OnnxDataType } from '../onnx/onnxSchema.js';
import { BATCH_DIM, type TextEncoderSpec, type TinyModelSpec } from '../modelSpec.js';
import type { SeededRandom } from '../SeededRandom.js';
import { MODEL_MAX_LENGTH } from '../tokenizer/tokenizerFiles.js';

/** Values the shared stack produces, for the two output layouts to name. */
export interface ClipTextStack {
  /** hidden_states.0 (embeddings) .. hidden_states.<layers>, each [B,77,D]. */
  hiddenStates: string[];
  /** final_layer_norm(last hidden state) [B,77,D]. */
  last: string;
  /** last at the EOS position [B,D]. */
  pooled: string;
}

/**
 * The body of the tiny CLIP-like text encoders. Each "layer" is a cheap causal mixer: every token adds a tanh
 * of its own state plus the running mean of the states up to it, where tokens after the first EOS are left out
 * of the mean. So padding carries a summary of the prompt (as in real CLIP) and every hidden state depends on
 * the prompt. The pooled vector is the final state at the EOS position, found as argmax(input_ids) like
 * transformers does (EOS has the largest id in the vocabulary).
 */
export function buildClipTextStack(
  g: GraphBuilder,
  spec: TinyModelSpec,
  encoder: TextEncoderSpec,
  vocabSize: number,
  random: SeededRandom,
): ClipTextStack {
  const d = encoder.hiddenSize;
  const ids = g.input('input_ids', spec.inputIdsType, [BATCH_DIM, MODEL_MAX_LENGTH]);

  const tokenEmbedding = g.weight('embeddings.token_embedding', random.normals(vocabSize * d), [vocabSize, d]);
  const positionEmbedding = g.weight('embeddings.position_embedding', random.normals(MODEL_MAX_LENGTH * d, 0.5), [
    MODEL_MAX_LENGTH,
    d,
  ]);
  let hidden = g.op('Add', [g.op('Gather', [tokenEmbedding, ids], { axis: 0 }), positionEmbedding]);
  const hiddenStates = [hidden];

  const eosIndex = g.op('ArgMax', [g.op('Cast', [ids], { to: OnnxDataType.float32 })], { axis: 1, keepdims: 1 });
  const { mask, count } = promptMask(g, eosIndex);
  const ones = g.weight('ones', new Float32Array(d).fill(1), [d]);
  const zeros = g.weight('zeros', new Float32Array(d), [d]);
  const half = g.scalar('residual_scale', 0.5);
  for (let layer = 0; layer < encoder.layers; layer++) {
    hidden = g.scoped(`layers.${layer}`, () => {
      const runningSum = g.op('CumSum', [g.op('Mul', [hidden, mask]), g.int64('axis', [1], [])]);
      const context = g.op('Div', [runningSum, count]);
      const normed = g.op('LayerNormalization', [g.op('Add', [hidden, context]), ones, zeros], {
        axis: -1,
        epsilon: { float: 1e-5 },
      });
      const weight = g.weight('mlp.weight', random.normals(d * d, 1 / Math.sqrt(d)), [d, d]);
      const bias = g.weight('mlp.bias', random.normals(d, 0.1), [d]);
      const update = g.op('Tanh', [g.op('Add', [g.op('MatMul', [normed, weight]), bias])]);
      return g.op('Add', [hidden, g.op('Mul', [update, half])]);
    });
    hiddenStates.push(hidden);
  }
  const finalGamma = g.weight('final_layer_norm.weight', random.uniforms(d, 0.8, 1.2), [d]);
  const finalBeta = g.weight('final_layer_norm.bias', random.normals(d, 0.05), [d]);
  const last = g.op('LayerNormalization', [hidden, finalGamma, finalBeta], { axis: -1, epsilon: { float: 1e-5 } });
  const pooled = g.op('GatherND', [last, eosIndex], { batch_dims: 1 });

  return { hiddenStates, last, pooled };
}

/**
 * mask [B,77,1] is 1 up to and including the first EOS and 0 after it; count [B,77,1] is its running sum, the
 * divisor of the running mean (at least 1, since BOS is always counted).
 */
function promptMask(g: GraphBuilder, eosIndex: string): { mask: string; count: string } {
  return g.scoped('prompt_mask', () => {
    const positions = g.int64('positions', Array.from({ length: MODEL_MAX_LENGTH }, (_, i) => i), [
      1,
      MODEL_MAX_LENGTH,
    ]);
    const inPrompt = g.op('Not', [g.op('Greater', [positions, eosIndex])]);
    const mask = g.op('Unsqueeze', [g.op('Cast', [inPrompt], { to: OnnxDataType.float32 }), g.int64('axes', [2])]);
    const count = g.op('CumSum', [mask, g.int64('axis', [1], [])]);
    return { mask, count };
  });
}
