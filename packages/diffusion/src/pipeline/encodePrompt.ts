import { ModelTensorError } from '../errors.js';
import type { ModelSignature } from '../modelFolder/checkSignature.js';
import { buildTensor, readFloats, type HostTensor } from '../ort/hostTensor.js';
import type { OnnxSession } from '../ort/onnxSession.js';
import type { StageTimer } from './StageTimer.js';
import type { PromptEmbeddings } from './TextEmbeddingCache.js';

/** The text side of a loaded pipeline: one encoder session per CLIP model. */
export interface TextEncoders {
  sessions: readonly OnnxSession[];
  signature: ModelSignature;
}

/** Concatenates [T, A] and [T, B] row-major float arrays into [T, A + B] (SDXL's two hidden states). */
export function concatLastAxis(a: Float32Array, widthA: number, b: Float32Array, widthB: number, rows: number): Float32Array {
  const out = new Float32Array(rows * (widthA + widthB));
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * widthA, (r + 1) * widthA), r * (widthA + widthB));
    out.set(b.subarray(r * widthB, (r + 1) * widthB), r * (widthA + widthB) + widthA);
  }
  return out;
}

/**
 * Step 1 of the pipeline, as diffusers' `encode_prompt`: given each tokenizer's ids (`ids[i]` for encoder i),
 * run each text encoder, and build the UNet conditioning. SDXL: `encoder_hidden_states` = concat of text_encoder's
 * and text_encoder_2's penultimate hidden states on the last axis, `text_embeds` = text_encoder_2's
 * pooled projection. SD: text_encoder's `last_hidden_state`. Outputs are in the UNet's float dtype.
 */
export async function encodePrompt(ids: readonly Int32Array[], encoders: TextEncoders, timer: StageTimer): Promise<PromptEmbeddings> {
  const { signature } = encoders;
  return timer.time('textEncode', async () => {
    const hidden: Array<{ values: Float32Array; dims: readonly number[] }> = [];
    let pooled: { values: Float32Array; dims: readonly number[] } | undefined;
    for (let i = 0; i < encoders.sessions.length; i++) {
      const session = encoders.sessions[i]!;
      const textSignature = signature.textEncoders[i]!;
      const tokenIds = ids[i]!;
      const feeds = { [textSignature.inputIds.name]: buildTensor(textSignature.inputIds, tokenIds, [1, tokenIds.length]) };
      const fetch = [textSignature.hiddenOutput, ...(textSignature.pooledOutput ? [textSignature.pooledOutput] : [])];
      const began = performance.now();
      // Each encoder's own time too (`textEncoder1`, `textEncoder2`): they sit on every typing frame's critical path.
      const outputs = await timer.time(`textEncoder${i + 1}`, () => session.run(feeds, fetch));
      timer.onnxRunMs += performance.now() - began;
      const state = outputs[textSignature.hiddenOutput]!;
      hidden.push({ values: readFloats(state, textSignature.hiddenOutput), dims: state.dims });
      if (textSignature.pooledOutput) {
        const p = outputs[textSignature.pooledOutput]!;
        pooled = { values: readFloats(p, textSignature.pooledOutput), dims: p.dims };
      }
    }
    return toUnetConditioning(hidden, pooled, signature);
  });
}

function toUnetConditioning(
  hidden: Array<{ values: Float32Array; dims: readonly number[] }>,
  pooled: { values: Float32Array; dims: readonly number[] } | undefined,
  signature: ModelSignature,
): PromptEmbeddings {
  const [first, second] = hidden;
  const rows = first!.dims[1]!;
  let context: Float32Array;
  let width: number;
  if (second) {
    if (second.dims[1] !== rows) {
      throw new ModelTensorError('text encoders disagree on sequence length', `${rows} positions`, `${second.dims[1]} positions`);
    }
    context = concatLastAxis(first!.values, first!.dims[2]!, second.values, second.dims[2]!, rows);
    width = first!.dims[2]! + second.dims[2]!;
  } else {
    context = first!.values;
    width = first!.dims[2]!;
  }
  const contextSpec = signature.unet.encoderHiddenStates;
  const encoderHiddenStates: HostTensor = buildTensor(contextSpec, context, [1, rows, width]);
  const result: PromptEmbeddings = { encoderHiddenStates };
  if (signature.unet.textEmbeds) {
    if (!pooled) throw new ModelTensorError('SDXL needs a pooled text embedding', "text_encoder_2 output 'text_embeds'", 'none');
    result.textEmbeds = buildTensor(signature.unet.textEmbeds, pooled.values, pooled.dims);
  }
  return result;
}
