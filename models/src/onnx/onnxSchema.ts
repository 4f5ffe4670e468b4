import protobuf from 'protobufjs';

/**
 * onnx.proto (IR version 10), every message the model files of SDXL/SD exports use, in proto2 as the original is:
 * field numbers and `packed` options are the ones fixed by the ONNX specification, so a file written by torch.onnx
 * (C++ protobuf) decodes and re-encodes to the same bytes (the exporter-variant tests edit real exports this way).
 * Left out: training info, functions' attribute protos and other fields no inference export carries.
 */
const ONNX_PROTO_SOURCE = `
syntax = "proto2";
package onnx;

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message TensorProto {
  message Segment {
    optional int64 begin = 1;
    optional int64 end = 2;
  }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional Segment segment = 3;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional bytes raw_data = 9;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
  optional string doc_string = 12;
  repeated StringStringEntryProto external_data = 13;
  optional int32 data_location = 14;
  repeated StringStringEntryProto metadata_props = 16;
}

message SparseTensorProto {
  optional TensorProto values = 1;
  optional TensorProto indices = 2;
  repeated int64 dims = 3;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    optional string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  message Sequence {
    optional TypeProto elem_type = 1;
  }
  message Map {
    optional int32 key_type = 1;
    optional TypeProto value_type = 2;
  }
  message Optional {
    optional TypeProto elem_type = 1;
  }
  message SparseTensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
    Sequence sequence_type = 4;
    Map map_type = 5;
    Optional optional_type = 9;
    SparseTensor sparse_tensor_type = 8;
  }
  optional string denotation = 6;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
  repeated StringStringEntryProto metadata_props = 4;
}

message AttributeProto {
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  optional GraphProto g = 6;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
  optional string doc_string = 13;
  optional TypeProto tp = 14;
  repeated TypeProto type_protos = 15;
  optional int32 type = 20;
  optional string ref_attr_name = 21;
  optional SparseTensorProto sparse_tensor = 22;
  repeated SparseTensorProto sparse_tensors = 23;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
  optional string domain = 7;
  optional string overload = 8;
  repeated StringStringEntryProto metadata_props = 9;
}

message TensorAnnotation {
  optional string tensor_name = 1;
  repeated StringStringEntryProto quant_parameter_tensor_names = 2;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
  repeated TensorAnnotation quantization_annotation = 14;
  repeated SparseTensorProto sparse_initializer = 15;
  repeated StringStringEntryProto metadata_props = 16;
}

message FunctionProto {
  optional string name = 1;
  repeated string input = 4;
  repeated string output = 5;
  repeated string attribute = 6;
  repeated AttributeProto attribute_proto = 11;
  repeated NodeProto node = 7;
  optional string doc_string = 8;
  repeated OperatorSetIdProto opset_import = 9;
  optional string domain = 10;
  optional string overload = 13;
  repeated ValueInfoProto value_info = 12;
  repeated StringStringEntryProto metadata_props = 14;
}

message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
  repeated FunctionProto functions = 25;
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

/**
 * Parses any `.onnx` file (without external data) for editing: 64-bit integers stay exact (as decimal strings; a
 * Slice's INT64_MAX must survive), every field the schema knows is kept. The plain object is loosely typed:
 * callers edit `graph.input`, `graph.output` and `graph.node` and hand it back to {@link encodeModelExact}.
 */
export function decodeModelExact(bytes: Uint8Array): EditableModel {
  const type = getModelType();
  return type.toObject(type.decode(bytes), { longs: String, bytes: Uint8Array, defaults: false, arrays: true }) as EditableModel;
}

/** Serialises a model parsed by {@link decodeModelExact} (and edited); an unedited model gives back its bytes. */
export function encodeModelExact(model: EditableModel): Uint8Array {
  const type = getModelType();
  return type.encode(type.fromObject(model)).finish();
}

/** A model as {@link decodeModelExact} returns it: the graph's lists are arrays, everything else passes through. */
export interface EditableModel {
  graph: { input: EditableValueInfo[]; output: EditableValueInfo[]; node: EditableNode[]; initializer: unknown[]; [field: string]: unknown };
  [field: string]: unknown;
}

/** A graph input or output of an {@link EditableModel}. */
export interface EditableValueInfo {
  name: string;
  type: { tensor_type: { elem_type: number; shape?: { dim?: Array<{ dim_value?: string; dim_param?: string }> } } };
  [field: string]: unknown;
}

/** A node of an {@link EditableModel}. */
export interface EditableNode {
  name?: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute?: Array<{ name: string; type: number; i?: string; ints?: string[]; [field: string]: unknown }>;
  [field: string]: unknown;
}
