import type { DevicePreference, WebGpuOptions } from '@promptjam/diffusion';
import { UsageError } from './command.js';

/** `--device` values, as the engine takes them (a type-only import: parsing flags must not load onnxruntime). */
export const DEVICE_CHOICES = ['auto', 'cuda', 'webgpu', 'cpu'] as const satisfies readonly DevicePreference[];

/** `auto|cuda|webgpu|cpu`, for help texts. */
export const DEVICE_VALUE_NAME = DEVICE_CHOICES.join('|');

/** Parses `--device`; anything else is a {@link UsageError} naming the choices. */
export function parseDeviceOption(raw: unknown): DevicePreference {
  const value = String(raw);
  if (!(DEVICE_CHOICES as readonly string[]).includes(value)) throw new UsageError(`--device must be ${DEVICE_CHOICES.slice(0, -1).join(', ')} or cpu, got '${value}'`);
  return value as DevicePreference;
}

/** The WebGPU provider flags, shared by the commands that load the engine (`generate`, `bench`). */
export const WEBGPU_FLAGS = {
  'webgpu-layout': { type: 'string', valueName: 'NCHW|NHWC', description: "WebGPU provider's preferred layout (default: onnxruntime's, NCHW)" },
  'webgpu-validation': { type: 'string', valueName: 'disabled|wgpuOnly|basic|full', description: 'WebGPU validation mode (default: basic)' },
  'webgpu-graph-capture': { type: 'boolean', description: 'WebGPU graph capture (needs static shapes and device-resident inputs)' },
} as const;

const LAYOUTS = ['NCHW', 'NHWC'] as const;
const VALIDATION_MODES = ['disabled', 'wgpuOnly', 'basic', 'full'] as const;

function oneOf<T extends string>(flag: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly unknown[]).includes(value)) throw new UsageError(`--${flag} must be ${choices.join(', ')}, got '${String(value)}'`);
  return value as T;
}

/** `--webgpu-layout`, `--webgpu-validation`, `--webgpu-graph-capture` as engine options; undefined when none is given. */
export function parseWebGpuOptions(values: Record<string, unknown>): WebGpuOptions | undefined {
  const preferredLayout = oneOf('webgpu-layout', values['webgpu-layout'], LAYOUTS);
  const validationMode = oneOf('webgpu-validation', values['webgpu-validation'], VALIDATION_MODES);
  const enableGraphCapture = values['webgpu-graph-capture'] === true;
  if (!preferredLayout && !validationMode && !enableGraphCapture) return undefined;
  return { ...(preferredLayout ? { preferredLayout } : {}), ...(validationMode ? { validationMode } : {}), ...(enableGraphCapture ? { enableGraphCapture } : {}) };
}
