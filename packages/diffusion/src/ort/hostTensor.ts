import { ModelTensorError } from '../errors.js';
import { float16ToFloat32, float32ToFloat16 } from './float16.js';

/** Tensor element types the pipeline feeds or reads (ONNX names). */
export type TensorType = 'float32' | 'float16' | 'int32' | 'int64';

/** A tensor on the host, independent of onnxruntime: float16 travels as its raw bits. */
export interface HostTensor {
  type: TensorType;
  data: Float32Array | Uint16Array | Int32Array | BigInt64Array;
  dims: readonly number[];
}

/** Name, element type and shape of a session input or output; string dims are symbolic (dynamic). */
export interface TensorSpec {
  name: string;
  type: string;
  shape: ReadonlyArray<number | string>;
}

/** True for the float types the engine can convert to and from. */
export function isFloatType(type: string): type is 'float32' | 'float16' {
  return type === 'float32' || type === 'float16';
}

/**
 * Builds a tensor of the element type `spec` asks for from float32 or integer values: floats become
 * float32 or float16 (bits), integers become int32 or int64. Anything else is a {@link ModelTensorError}.
 */
export function buildTensor(spec: TensorSpec, values: ArrayLike<number>, dims: readonly number[]): HostTensor {
  switch (spec.type) {
    case 'float32':
      return { type: 'float32', data: values instanceof Float32Array ? values : Float32Array.from(values), dims };
    case 'float16':
      return { type: 'float16', data: float32ToFloat16(values), dims };
    case 'int32':
      return { type: 'int32', data: values instanceof Int32Array ? values : Int32Array.from(values, Math.round), dims };
    case 'int64': {
      const data = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) data[i] = BigInt(Math.round(values[i]!));
      return { type: 'int64', data, dims };
    }
    default:
      throw new ModelTensorError(`input '${spec.name}' has an unsupported element type`, 'float32, float16, int32 or int64', spec.type);
  }
}

/** Reads a float tensor (float32 or float16) as float32 values. */
export function readFloats(tensor: HostTensor, what: string): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') return float16ToFloat32(tensor.data as Uint16Array);
  throw new ModelTensorError(`output '${what}' is not a float tensor`, 'float32 or float16', tensor.type);
}

/**
 * The dims for the UNet's timestep input: a scalar `[]`, `[1]`, or `[B]`, as the graph declares.
 */
export function timestepDims(spec: TensorSpec, batch: number): number[] {
  if (spec.shape.length === 0) return [];
  if (spec.shape.length === 1) return spec.shape[0] === 1 ? [1] : [batch];
  throw new ModelTensorError(`input '${spec.name}' has an unexpected rank`, 'a scalar, [1] or [batch]', `[${spec.shape.join(',')}]`);
}

/** `name type[d0,d1]`, the compact form used in errors and failed-run logs. */
export function describeTensor(name: string, tensor: HostTensor): string {
  return `${name} ${tensor.type}[${tensor.dims.join(',')}]`;
}

/** `name type[d0,'B']`, the compact form of a spec. */
export function describeSpec(spec: TensorSpec): string {
  return `${spec.name} ${spec.type}[${spec.shape.map((d) => (typeof d === 'string' ? `'${d}'` : String(d))).join(',')}]`;
}

/**
 * Checks feeds against a session's input specs and names every problem at once: missing inputs,
 * unknown inputs, wrong element type, wrong rank, fixed dims that differ, and a symbolic dim (such as
 * `batch_size`) given different sizes by different inputs.
 */
export function checkFeeds(sessionName: string, specs: readonly TensorSpec[], feeds: Readonly<Record<string, HostTensor>>): void {
  const problems: string[] = [];
  const symbols = new Map<string, { size: number; input: string }>();
  for (const spec of specs) {
    const feed = feeds[spec.name];
    if (!feed) {
      problems.push(`missing ${describeSpec(spec)}`);
      continue;
    }
    const rankOk = feed.dims.length === spec.shape.length;
    const dimsOk = rankOk && spec.shape.every((d, i) => typeof d !== 'number' || d < 0 || d === feed.dims[i]);
    if (feed.type !== spec.type || !dimsOk) {
      problems.push(`${describeTensor(spec.name, feed)} vs ${describeSpec(spec)}`);
      continue;
    }
    spec.shape.forEach((d, i) => {
      if (typeof d !== 'string') return;
      const size = feed.dims[i]!;
      const bound = symbols.get(d);
      if (!bound) symbols.set(d, { size, input: spec.name });
      else if (bound.size !== size) problems.push(`'${d}' is ${bound.size} in ${bound.input} but ${size} in ${spec.name}`);
    });
  }
  for (const name of Object.keys(feeds)) {
    if (!specs.some((s) => s.name === name)) problems.push(`unexpected input '${name}'`);
  }
  if (problems.length > 0) {
    throw new ModelTensorError(
      `${sessionName}: inputs do not match the model`,
      specs.map(describeSpec).join(', '),
      problems.join('; '),
    );
  }
}
