"""Converts an fp32 ONNX graph to fp16 the way Olive's fp16 exports look: float initializers, float constants, casts to
float and float graph inputs/outputs become float16 (value_info is dropped so onnxruntime re-infers it). Used for the
CLIP text encoders: exporting transformers 5's CLIP directly in fp16 gives an invalid graph, so they go fp32 first.
  python3 onnx_fp16.py IN.onnx OUT.onnx"""
import sys

import numpy as np
import onnx
from onnx import AttributeProto, TensorProto, numpy_helper


def to_half(tensor):
    if tensor.data_type != TensorProto.FLOAT:
        return tensor
    return numpy_helper.from_array(numpy_helper.to_array(tensor).astype(np.float16), tensor.name)


def convert(model):
    graph = model.graph
    for index, tensor in enumerate(list(graph.initializer)):
        graph.initializer[index].CopyFrom(to_half(tensor))
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.type == AttributeProto.TENSOR:
                attribute.t.CopyFrom(to_half(attribute.t))
            elif node.op_type == "Cast" and attribute.name == "to" and attribute.i == TensorProto.FLOAT:
                attribute.i = TensorProto.FLOAT16
    for value in list(graph.input) + list(graph.output):
        if value.type.tensor_type.elem_type == TensorProto.FLOAT:
            value.type.tensor_type.elem_type = TensorProto.FLOAT16
    del graph.value_info[:]
    return model


def convert_file(source, destination):
    """Loads `source` (with its external data), converts it and writes `destination` as one file (fp16 text encoders
    stay under protobuf's 2 GB limit: CLIP bigG is ~1.4 GB)."""
    onnx.save(convert(onnx.load(source)), destination)


if __name__ == "__main__":
    convert_file(sys.argv[1], sys.argv[2])
