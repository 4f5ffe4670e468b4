import { ModelTensorError } from '../errors.js';
import type { ModelSignature } from '../modelFolder/checkSignature.js';
import type { HostTensor, TensorSpec } from '../ort/hostTensor.js';
import type { ValidRequest } from './validateRequest.js';

/** True when a spec's first (batch) axis is symbolic or -1, i.e. the graph accepts any batch size. */
function hasDynamicBatchAxis(spec: TensorSpec | undefined): boolean {
  if (!spec) return true;
  const first = spec.shape[0];
  return typeof first === 'string' || first === -1;
}

/**
 * Whether the UNet accepts a batch of more than one image: every batched input (`sample`,
 * `encoder_hidden_states` and, for SDXL, `text_embeds` and `time_ids`) has a dynamic first axis, and the timestep
 * is a scalar, `[1]` (broadcast) or `[B]`. The Optimum exports of SDXL/SD Turbo have `batch_size` axes; a graph
 * exported with a fixed batch of 1 is run one image at a time.
 */
export function unetAcceptsBatch(signature: ModelSignature): boolean {
  const { sample, encoderHiddenStates, textEmbeds, timeIds } = signature.unet;
  return [sample, encoderHiddenStates, textEmbeds, timeIds].every(hasDynamicBatchAxis);
}

/**
 * Which requests may share one denoise loop: the same latent size, the same scheduler timesteps (step count) and
 * the same first step (img2img's strength moves it), because one UNet call takes one timestep for the whole batch.
 */
export function batchKey(request: ValidRequest): string {
  return `${request.width}x${request.height}/${request.steps}/${startStepOf(request)}`;
}

/** The first scheduler step a request runs: 0 for text-to-image; img2img skips `steps - floor(steps * strength)`, as diffusers' `get_timesteps`. */
export function startStepOf(request: Pick<ValidRequest, 'steps' | 'strength' | 'initImage'>): number {
  if (!request.initImage) return 0;
  return request.steps - Math.min(Math.floor(request.steps * request.strength), request.steps);
}

/**
 * Stacks tensors of shape `[1, ...rest]` (one per image) into `[B, ...rest]` along the batch axis. All must share
 * type and trailing dims; a mismatch is a {@link ModelTensorError}. One tensor is returned as it is.
 */
export function stackBatch(tensors: readonly HostTensor[]): HostTensor {
  const [first] = tensors;
  if (!first) throw new ModelTensorError('cannot stack an empty batch', 'at least one tensor', 'none');
  if (tensors.length === 1) return first;
  const rest = first.dims.slice(1).join(',');
  for (const tensor of tensors) {
    if (tensor.type !== first.type || tensor.dims[0] !== 1 || tensor.dims.slice(1).join(',') !== rest) {
      throw new ModelTensorError('batch members differ in shape', `${first.type}[1,${rest}]`, `${tensor.type}[${tensor.dims.join(',')}]`);
    }
  }
  const size = first.data.length;
  const data = new (first.data.constructor as new (length: number) => HostTensor['data'])(size * tensors.length);
  tensors.forEach((tensor, i) => (data as Float32Array).set(tensor.data as Float32Array, i * size));
  return { type: first.type, data, dims: [tensors.length, ...first.dims.slice(1)] };
}
