import protobuf from 'protobufjs';

/**
 * The subset of onnx.proto (IR version 10) that the tiny-model generator writes. Field numbers are the ones
 * fixed by the ONNX specification; messages and fields we never emit are left out (protobuf ignores absence).
 */
const ONNX_PROTO_SOURCE = `
syntax = "proto3";
package onnx;

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}

message StringStringEntryProto {
  string key = 1;
  string value = 2;
}

message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  string name = 8;
  bytes raw_data = 9;
  string doc_string = 12;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
  string doc_string = 3;
}

message AttributeProto {
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  int32 type = 20;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string domain = 7;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
`;

/** ONNX TensorProto.DataType codes (onnx.proto) for the element types the tiny models use. */
export const OnnxDataType = {
  float32: 1,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
} as const;

/** Element type names accepted by the graph builder. */
export type OnnxElementType = keyof typeof OnnxDataType;

/** ONNX AttributeProto.AttributeType codes for the attribute kinds the builder emits. */
export const OnnxAttributeType = {
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  floats: 6,
  ints: 7,
} as const;

/** A tensor as the schema encodes it: raw little-endian bytes plus dims. */
export interface TensorMessage {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

/** One attribute of a node; exactly one payload field is set, matching `type`. */
export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorMessage;
  floats?: number[];
  ints?: number[];
}

/** One operator application. */
export interface NodeMessage {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
}

/** A graph input or output: name, element type and shape (numbers are fixed, strings are symbolic dims). */
export interface ValueInfoMessage {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } };
}

/** The whole graph. */
export interface GraphMessage {
  name: string;
  node: NodeMessage[];
  initializer: TensorMessage[];
  input: ValueInfoMessage[];
  output: ValueInfoMessage[];
  doc_string?: string;
}

/** The top-level model file. */
export interface ModelMessage {
  ir_version: number;
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  graph: GraphMessage;
  opset_import: { domain: string; version: number }[];
}

let modelType: protobuf.Type | undefined;

function getModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO_SOURCE, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/** Serialises a model message to the bytes of a `.onnx` file (deterministic: same message, same bytes). */
export function encodeModel(model: ModelMessage): Uint8Array {
  const type = getModelType();
  const error = type.verify(model);
  if (error !== null) throw new Error(`invalid ONNX model message: ${error}`);
  return type.encode(type.fromObject(model)).finish();
}

/** Parses `.onnx` bytes back into a plain object (used by tests to inspect what was written). */
export function decodeModel(bytes: Uint8Array): ModelMessage {
  const type = getModelType();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as ModelMessage;
}
