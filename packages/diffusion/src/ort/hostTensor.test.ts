import { describe, expect, it } from 'vitest';
import { ModelTensorError } from '../errors.js';
import { buildTensor, checkFeeds, readFloats, timestepDims, type TensorSpec } from './hostTensor.js';

const sample: TensorSpec = { name: 'sample', type: 'float16', shape: ['batch', 4, 'h', 'w'] };
const ids: TensorSpec = { name: 'input_ids', type: 'int64', shape: ['batch', 77] };

describe('buildTensor', () => {
  it('builds the dtype the metadata asks for', () => {
    expect(buildTensor({ ...ids, type: 'int32' }, [49406, 1], [1, 2]).data).toEqual(new Int32Array([49406, 1]));
    expect(buildTensor(ids, [49406, 1], [1, 2]).data).toEqual(new BigInt64Array([49406n, 1n]));
    expect(buildTensor(sample, [1, -2], [2]).data).toEqual(new Uint16Array([0x3c00, 0xc000]));
    expect(buildTensor({ ...sample, type: 'float32' }, [1.5], [1]).data).toEqual(new Float32Array([1.5]));
    expect(() => buildTensor({ ...sample, type: 'bool' }, [1], [1])).toThrow(ModelTensorError);
  });

  it('rounds float timesteps for int64 inputs and reads float16 back as float32', () => {
    expect(buildTensor({ name: 'timestep', type: 'int64', shape: [1] }, [999.4], [1]).data).toEqual(new BigInt64Array([999n]));
    expect(readFloats(buildTensor(sample, [0.25, 3], [2]), 'x')).toEqual(new Float32Array([0.25, 3]));
  });

  it('shapes the timestep as the graph declares it', () => {
    expect(timestepDims({ name: 'timestep', type: 'float32', shape: [] }, 1)).toEqual([]);
    expect(timestepDims({ name: 'timestep', type: 'float32', shape: [1] }, 1)).toEqual([1]);
    expect(timestepDims({ name: 'timestep', type: 'float32', shape: ['batch'] }, 2)).toEqual([2]);
    expect(() => timestepDims({ name: 'timestep', type: 'float32', shape: [1, 1] }, 1)).toThrow(/scalar, \[1\] or \[batch\]/);
  });
});

describe('checkFeeds', () => {
  const good = { sample: buildTensor(sample, new Float32Array(16), [1, 4, 2, 2]), input_ids: buildTensor(ids, new Array(77).fill(0), [1, 77]) };

  it('accepts matching feeds with any size on symbolic dims', () => {
    expect(() => checkFeeds('unet', [sample, ids], good)).not.toThrow();
  });

  it('names a symbolic dim bound to two sizes', () => {
    const twoBatches = { ...good, input_ids: buildTensor(ids, new Array(154).fill(0), [2, 77]) };
    expect(() => checkFeeds('unet', [sample, ids], twoBatches)).toThrow(/'batch' is 1 in sample but 2 in input_ids/);
  });

  it('names missing, unexpected, mistyped and misshaped inputs', () => {
    const bad = {
      sample: buildTensor({ ...sample, type: 'float32' }, new Float32Array(16), [1, 4, 2, 2]),
      input_ids: buildTensor(ids, new Array(76).fill(0), [1, 76]),
      extra: good.sample,
    };
    let error: unknown;
    try {
      checkFeeds('unet', [sample, ids, { name: 'time_ids', type: 'float16', shape: ['batch', 6] }], bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelTensorError);
    const message = (error as Error).message;
    expect(message).toContain("missing time_ids float16['batch',6]");
    expect(message).toContain("sample float32[1,4,2,2] vs sample float16['batch',4,'h','w']");
    expect(message).toContain('input_ids int64[1,76] vs');
    expect(message).toContain("unexpected input 'extra'");
  });
});
