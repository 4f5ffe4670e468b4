import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fromFloat16Array, toFloat16Array } from './float16.js';
import { GraphBuilder, ONNX_IR_VERSION, ONNX_OPSET_VERSION } from './GraphBuilder.js';
import { decodeModel } from './onnxSchema.js';

function affineModel(floatType: 'float32' | 'float16'): Uint8Array {
  const g = new GraphBuilder('affine', floatType);
  const x = g.input('x', floatType, ['batch_size', 3]);
  const w = g.weight('w', [1, 2, 3, 4, 5, 6], [3, 2]);
  const b = g.weight('b', [0.5, -0.5], [2]);
  const y = g.op('Add', [g.op('MatMul', [x, w]), b]);
  g.output(y, 'y', floatType, ['batch_size', 2]);
  g.output(g.op('Shape', [x]), 'x_shape', 'int64', [2]);
  return g.toBytes('x @ w + b');
}

describe('GraphBuilder', () => {
  it('writes a float32 model that onnxruntime runs with the declared metadata', async () => {
    const session = await ort.InferenceSession.create(affineModel('float32'));
    expect(session.inputMetadata[0]).toMatchObject({ name: 'x', isTensor: true, type: 'float32', shape: ['batch_size', 3] });
    const x = new ort.Tensor('float32', Float32Array.from([1, 0, -1, 2, 2, 2]), [2, 3]);
    const out = await session.run({ x });
    expect(Array.from(out.y?.data as Float32Array)).toEqual([-3.5, -4.5, 18.5, 23.5]);
    expect(Array.from(out.x_shape?.data as BigInt64Array)).toEqual([2n, 3n]);
    await session.release();
  });

  it('stores float16 weights and casts float16 inputs and outputs', async () => {
    const bytes = affineModel('float16');
    const model = decodeModel(bytes);
    expect(model.ir_version).toBe(ONNX_IR_VERSION);
    expect(model.opset_import).toHaveLength(1);
    expect(model.opset_import[0]?.version).toBe(ONNX_OPSET_VERSION);
    expect(model.graph.initializer.map((t) => t.data_type)).toEqual([10, 10]);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.outputMetadata[0]).toMatchObject({ name: 'y', type: 'float16' });
    const x = new ort.Tensor('float16', toFloat16Array([1, 0, -1, 2, 2, 2]), [2, 3]);
    const out = await session.run({ x });
    expect(Array.from(fromFloat16Array(out.y?.data as Uint16Array))).toEqual([-3.5, -4.5, 18.5, 23.5]);
    await session.release();
  });

  it('refuses a weight whose value count does not match its dims', () => {
    const g = new GraphBuilder('bad', 'float32');
    expect(() => g.weight('w', [1, 2, 3], [2, 2])).toThrow(/expected 4 values .* found 3/);
  });
});
