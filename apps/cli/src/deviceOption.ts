import type { DevicePreference } from '@promptjam/diffusion';
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
