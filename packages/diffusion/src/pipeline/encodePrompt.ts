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

/** One encoder output for a whole batch: `[M, ...rest]` floats, split per prompt by {@link rowOf}. */
interface BatchedOutput {
  values: Float32Array;
  dims: readonly number[];
}

/** Row `row` of a `[M, ...rest]` output as a `[1, ...rest]` output (its own copy when M > 1: cached rows must not pin the batch's buffer). */
function rowOf(output: BatchedOutput, row: number): BatchedOutput {
  // A batch of one is its own row: no copy on the single-prompt typing path.
  if (output.dims[0] === 1) return output;
  const perRow = output.values.length / output.dims[0]!;
  return { values: output.values.slice(row * perRow, (row + 1) * perRow), dims: [1, ...output.dims.slice(1)] };
}

/** True when every encoder's ids input has a symbolic (or -1) first axis, so M prompts can share one run. */
export function textEncodersAcceptBatch(signature: ModelSignature): boolean {
  return signature.textEncoders.every((t) => typeof t.inputIds.shape[0] === 'string' || t.inputIds.shape[0] === -1);
}

/**
 * Step 1 of the pipeline, as diffusers' `encode_prompt`: given each tokenizer's ids (`ids[i]` for encoder i),
 * run each text encoder, and build the UNet conditioning. SDXL: `encoder_hidden_states` = concat of text_encoder's
 * and text_encoder_2's penultimate hidden states on the last axis, `text_embeds` = text_encoder_2's
 * pooled projection. SD: text_encoder's `last_hidden_state`. Outputs are in the UNet's float dtype.
 */
export async function encodePrompt(ids: readonly Int32Array[], encoders: TextEncoders, timer: StageTimer): Promise<PromptEmbeddings> {
  const [embeddings] = await encodePrompts([ids], encoders, timer);
  return embeddings!;
}

/**
 * {@link encodePrompt} for M prompts at once: `ids[m][i]` is prompt m's ids for encoder i (all of one length, CLIP
 * pads to 77). Each encoder runs once on `[M, L]` ids (diffusers batches prompts the same way), so on a GPU M
 * distinct prompts cost about one encoder call instead of M. Returns one conditioning per prompt, in order; row m
 * equals what {@link encodePrompt} gives for prompt m alone (up to float rounding of the batched kernels).
 * Callers check {@link textEncodersAcceptBatch} first; a fixed-batch export takes one prompt per call.
 */
export async function encodePrompts(ids: readonly (readonly Int32Array[])[], encoders: TextEncoders, timer: StageTimer): Promise<PromptEmbeddings[]> {
  const { signature } = encoders;
  const count = ids.length;
  return timer.time('textEncode', async () => {
    const hidden: BatchedOutput[] = [];
    let pooled: BatchedOutput | undefined;
    for (let i = 0; i < encoders.sessions.length; i++) {
      const session = encoders.sessions[i]!;
      const textSignature = signature.textEncoders[i]!;
      const length = ids[0]![i]!.length;
      const stacked = new Int32Array(count * length);
      ids.forEach((prompt, m) => {
        const row = prompt[i]!;
        if (row.length !== length) throw new ModelTensorError('prompts in one text-encoder batch differ in length', `${length} ids each`, `${row.length} ids`);
        stacked.set(row, m * length);
      });
      const feeds = { [textSignature.inputIds.name]: buildTensor(textSignature.inputIds, stacked, [count, length]) };
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
    return Array.from({ length: count }, (_, m) =>
      toUnetConditioning(
        hidden.map((h) => rowOf(h, m)),
        pooled && rowOf(pooled, m),
        signature,
      ),
    );
  });
}

function toUnetConditioning(
  hidden: BatchedOutput[],
  pooled: BatchedOutput | undefined,
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
