import { describe, expect, it } from 'vitest';
import { UsageError } from './command.js';
import { parseDeviceOption, parseWebGpuOptions } from './deviceOption.js';

describe('device options', () => {
  it('takes auto, cuda, webgpu and cpu, and names them when given anything else', () => {
    for (const device of ['auto', 'cuda', 'webgpu', 'cpu']) expect(parseDeviceOption(device)).toBe(device);
    expect(() => parseDeviceOption('gpu')).toThrow(UsageError);
    expect(() => parseDeviceOption('gpu')).toThrow("--device must be auto, cuda, webgpu or cpu, got 'gpu'");
  });

  it('turns the WebGPU flags into engine options, none when no flag is given', () => {
    expect(parseWebGpuOptions({})).toBeUndefined();
    expect(parseWebGpuOptions({ 'webgpu-layout': 'NHWC', 'webgpu-validation': 'disabled', 'webgpu-graph-capture': true })).toEqual({ preferredLayout: 'NHWC', validationMode: 'disabled', enableGraphCapture: true });
    expect(() => parseWebGpuOptions({ 'webgpu-validation': 'off' })).toThrow("--webgpu-validation must be disabled, wgpuOnly, basic, full, got 'off'");
  });
});
