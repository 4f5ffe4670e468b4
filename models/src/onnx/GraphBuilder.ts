import { toFloat16Array } from './float16.js';
import {
  encodeModel,
  OnnxAttributeType,
  OnnxDataType,
  type AttributeMessage,
  type GraphMessage,
  type NodeMessage,
  type OnnxElementType,
  type TensorMessage,
  type ValueInfoMessage,
} from './onnxSchema.js';

/** IR version written into every model (onnxruntime-node 1.30 reads up to 10). */
export const ONNX_IR_VERSION = 10;
/** The single default-domain opset the graphs use (17 brings LayerNormalization). */
export const ONNX_OPSET_VERSION = 17;

/** A graph input/output dimension: a fixed size or a symbolic name such as "batch_size". */
export type Dim = number | string;

/** The float type a whole model stores its float tensors in (weights, float inputs and outputs). */
export type ModelFloatType = 'float32' | 'float16';

/**
 * Attribute values. Plain numbers and number arrays are ints (axis, keepdims, kernel_shape...); floats must be
 * wrapped as `{ float: x }` / `{ floats: [...] }` so that 1.0 is never silently written as the int 1.
 */
export type AttributeValue = number | number[] | string | { float: number } | { floats: number[] };

/**
 * Builds one ONNX graph with readable, deterministic names. Compute happens in float32 inside the graph: in a
 * float16 model, float inputs and weights are stored as float16 and cast up once (onnxruntime constant-folds the
 * weight casts), and float outputs are cast back to float16, so the files look like a real fp16 export while the
 * CPU kernels that exist only for float32 are still usable.
 */
export class GraphBuilder {
  readonly #nodes: NodeMessage[] = [];
  readonly #initializers: TensorMessage[] = [];
  readonly #inputs: ValueInfoMessage[] = [];
  readonly #outputs: ValueInfoMessage[] = [];
  readonly #usedNames = new Set<string>();
  #counter = 0;
  #scope = '';

  /**
   * @param name - graph name written into the file
   * @param floatType - storage type of float weights; float inputs/outputs declare their own type
   */
  constructor(
    readonly name: string,
    readonly floatType: ModelFloatType,
  ) {}

  /** Runs `body` with node and value names prefixed by `scope/` (nested scopes join with "/"). */
  scoped<T>(scope: string, body: () => T): T {
    const previous = this.#scope;
    this.#scope = previous === '' ? scope : `${previous}/${scope}`;
    try {
      return body();
    } finally {
      this.#scope = previous;
    }
  }

  /** Declares a graph input; returns the value to compute with (float16 inputs are cast to float32). */
  input(name: string, type: OnnxElementType, shape: readonly Dim[]): string {
    this.#claim(name);
    this.#inputs.push(valueInfo(name, type, shape));
    return type === 'float16' ? this.op('Cast', [name], { to: OnnxDataType.float32 }) : name;
  }

  /** Declares a graph output named `name` carrying `value` (a float32 value is cast when `type` is float16). */
  output(value: string, name: string, type: OnnxElementType, shape: readonly Dim[]): void {
    this.#claim(name);
    if (type === 'float16') this.#node('Cast', [value], [name], { to: OnnxDataType.float16 });
    else this.#node('Identity', [value], [name], {});
    this.#outputs.push(valueInfo(name, type, shape));
  }

  /** Adds a float weight stored in the model's float type; returns a float32 value. */
  weight(name: string, values: ArrayLike<number>, dims: readonly number[]): string {
    checkCount(name, values.length, dims);
    const stored = this.#uniqueName(name);
    if (this.floatType === 'float32') {
      this.#initializers.push(tensor(stored, 'float32', dims, new Float32Array(Array.from(values))));
      return stored;
    }
    this.#initializers.push(tensor(stored, 'float16', dims, toFloat16Array(values)));
    return this.op('Cast', [stored], { to: OnnxDataType.float32 });
  }

  /** Adds a float weight holding one number (shape []), e.g. a scale factor. */
  scalar(name: string, value: number): string {
    return this.weight(name, [value], []);
  }

  /** Adds an int64 constant (shapes, axes, indices); these stay int64 in every variant. */
  int64(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    checkCount(name, values.length, dims);
    const stored = this.#uniqueName(name);
    this.#initializers.push(tensor(stored, 'int64', dims, BigInt64Array.from(values, (v) => BigInt(v))));
    return stored;
  }

  /** Applies an operator with one output; returns the output value name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}): string {
    const [output] = this.opN(opType, inputs, 1, attributes);
    return output as string;
  }

  /** Applies an operator with `outputCount` outputs; returns their value names. */
  opN(
    opType: string,
    inputs: readonly string[],
    outputCount: number,
    attributes: Record<string, AttributeValue> = {},
  ): string[] {
    const outputs = Array.from({ length: outputCount }, (_, index) => this.#uniqueName(`${opType}_out${index}`));
    this.#node(opType, inputs, outputs, attributes);
    return outputs;
  }

  /** Finishes the graph message. */
  build(docString: string): GraphMessage {
    return {
      name: this.name,
      node: this.#nodes,
      initializer: this.#initializers,
      input: this.#inputs,
      output: this.#outputs,
      doc_string: docString,
    };
  }

  /** Finishes and serialises a whole model file (IR 10, one opset import). */
  toBytes(docString: string): Uint8Array {
    return encodeModel({
      ir_version: ONNX_IR_VERSION,
      producer_name: '@promptjam/models',
      producer_version: '1',
      doc_string: docString,
      graph: this.build(docString),
      opset_import: [{ domain: '', version: ONNX_OPSET_VERSION }],
    });
  }

  #node(opType: string, inputs: readonly string[], outputs: string[], attributes: Record<string, AttributeValue>): void {
    const name = this.#uniqueName(opType);
    const attribute = Object.entries(attributes).map(([key, value]) => toAttribute(key, value));
    this.#nodes.push({ name, op_type: opType, input: [...inputs], output: outputs, attribute });
  }

  #uniqueName(base: string): string {
    const scoped = this.#scope === '' ? base : `${this.#scope}/${base}`;
    let candidate = scoped;
    while (this.#usedNames.has(candidate)) candidate = `${scoped}_${++this.#counter}`;
    this.#usedNames.add(candidate);
    return candidate;
  }

  #claim(name: string): void {
    if (this.#usedNames.has(name)) throw new Error(`graph ${this.name}: value name ${name} is already used`);
    this.#usedNames.add(name);
  }
}

function checkCount(name: string, count: number, dims: readonly number[]): void {
  const expected = dims.reduce((product, dim) => product * dim, 1);
  if (count !== expected) throw new Error(`tensor ${name}: expected ${expected} values for dims [${dims}], found ${count}`);
}

function tensor(name: string, type: OnnxElementType, dims: readonly number[], data: ArrayBufferView): TensorMessage {
  // Raw data is little-endian, which is what typed arrays hold on every platform Node supports.
  const raw_data = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return { name, dims: [...dims], data_type: OnnxDataType[type], raw_data };
}

function valueInfo(name: string, type: OnnxElementType, shape: readonly Dim[]): ValueInfoMessage {
  const dim = shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: OnnxDataType[type], shape: { dim } } } };
}

function toAttribute(name: string, value: AttributeValue): AttributeMessage {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an int; wrap floats as { float }`);
    return { name, type: OnnxAttributeType.int, i: value };
  }
  if (typeof value === 'string') return { name, type: OnnxAttributeType.string, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: OnnxAttributeType.ints, ints: value };
  if ('float' in value) return { name, type: OnnxAttributeType.float, f: value.float };
  return { name, type: OnnxAttributeType.floats, floats: value.floats };
}
