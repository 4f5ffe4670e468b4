/**
 * The smallest useful ONNX model, encoded by hand: `y = x + x` on a float32 [1, 4] tensor. Provider probes
 * (the engine's WebGPU probe, `promptjam doctor`) open a session on it with one execution provider to learn
 * whether that provider really loads, without touching any model folder. (~60 lines of protobuf written out;
 * the real model writer lives in @promptjam/models, which the engine does not depend on at run time.)
 */

/** Protobuf wire types used here. */
const VARINT = 0;
const LENGTH_DELIMITED = 2;

/** IR version 7 and opset 13: understood by every onnxruntime the engine supports (<= IR 10). */
const IR_VERSION = 7;
const OPSET_VERSION = 13;
/** TensorProto.DataType.FLOAT */
const ELEM_TYPE_FLOAT = 1;

/** Input shape of the probe model. */
export const PROBE_INPUT_SHAPE = [1, 4] as const;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

function key(field: number, wireType: number): number[] {
  return varint((field << 3) | wireType);
}

function intField(field: number, value: number): number[] {
  return [...key(field, VARINT), ...varint(value)];
}

function bytesField(field: number, payload: number[]): number[] {
  return [...key(field, LENGTH_DELIMITED), ...varint(payload.length), ...payload];
}

function stringField(field: number, text: string): number[] {
  return bytesField(field, [...new TextEncoder().encode(text)]);
}

/** ValueInfoProto { name, type: TypeProto { tensor_type { elem_type, shape { dim { dim_value }* } } } } */
function tensorValueInfo(name: string, shape: readonly number[]): number[] {
  const dims = shape.flatMap((size) => bytesField(1, intField(1, size)));
  const tensorType = [...intField(1, ELEM_TYPE_FLOAT), ...bytesField(2, dims)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

/** Encodes the probe model as ModelProto bytes. */
export function encodeProbeModel(): Uint8Array {
  // NodeProto { input: x, input: x, output: y, name, op_type: Add }
  const node = [...stringField(1, 'x'), ...stringField(1, 'x'), ...stringField(2, 'y'), ...stringField(3, 'double'), ...stringField(4, 'Add')];
  // GraphProto { node (1), name (2), input (11), output (12) }
  const graph = [
    ...bytesField(1, node),
    ...stringField(2, 'promptjam-probe'),
    ...bytesField(11, tensorValueInfo('x', PROBE_INPUT_SHAPE)),
    ...bytesField(12, tensorValueInfo('y', PROBE_INPUT_SHAPE)),
  ];
  // ModelProto { ir_version (1), producer_name (2), graph (7), opset_import (8): { domain "", version } }
  const model = [
    ...intField(1, IR_VERSION),
    ...stringField(2, 'promptjam probe'),
    ...bytesField(7, graph),
    ...bytesField(8, intField(2, OPSET_VERSION)),
  ];
  return Uint8Array.from(model);
}
