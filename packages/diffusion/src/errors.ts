/**
 * Named errors of the engine. Each carries what was expected and what was found, so a log line or a
 * CLI message says exactly what to fix. They survive the worker boundary: {@link serializeError} turns
 * one into plain data and {@link deserializeError} rebuilds the same class on the other side.
 */

/** Base class: every engine error names what it expected and what it found. */
export class DiffusionError extends Error {
  override name = 'DiffusionError';
  constructor(
    message: string,
    /** What the engine expected, e.g. `a file text_encoder/model.onnx`. */
    readonly expected?: string,
    /** What it found instead, e.g. `no such file`. */
    readonly found?: string,
  ) {
    super(expected !== undefined ? `${message}: expected ${expected}, found ${found ?? 'nothing'}` : message);
  }
}

/** A model folder is missing a file, has a malformed JSON/ONNX file, or is of another model type. */
export class ModelFolderError extends DiffusionError {
  override name = 'ModelFolderError';
}

/** A session's inputs or outputs do not have the names, dtypes or shapes the pipeline needs. */
export class ModelTensorError extends DiffusionError {
  override name = 'ModelTensorError';
}

/** The requested execution provider cannot run here (e.g. `--device cuda` without CUDA libraries). */
export class ExecutionProviderError extends DiffusionError {
  override name = 'ExecutionProviderError';
}

/**
 * `--device webgpu` was asked for and onnxruntime's WebGPU provider finds no adapter here. The message names
 * the reason (no Vulkan loader, no Vulkan driver, ...) and the fix (e.g. `apt-get install libvulkan1` and the
 * vendor's driver); the engine never falls back to the CPU silently when WebGPU was asked for.
 */
export class WebGpuUnavailableError extends ExecutionProviderError {
  override name = 'WebGpuUnavailableError';
}

/** A generate request is out of range (prompt, steps, size, strength, format, init image). */
export class InvalidRequestError extends DiffusionError {
  override name = 'InvalidRequestError';
}

/** A tokenizer folder is unusable (missing vocab/merges, unknown special tokens). */
export class TokenizerError extends DiffusionError {
  override name = 'TokenizerError';
}

/** A scheduler config names a class or option this engine does not implement. */
export class SchedulerConfigError extends DiffusionError {
  override name = 'SchedulerConfigError';
}

/** `session.run` failed; the message carries a compact summary of the feeds. */
export class InferenceError extends DiffusionError {
  override name = 'InferenceError';
}

/** The engine was used after `dispose()` or its worker died. */
export class EngineClosedError extends DiffusionError {
  override name = 'EngineClosedError';
}

const ERROR_CLASSES = {
  DiffusionError,
  ModelFolderError,
  ModelTensorError,
  ExecutionProviderError,
  WebGpuUnavailableError,
  InvalidRequestError,
  TokenizerError,
  SchedulerConfigError,
  InferenceError,
  EngineClosedError,
} as const;

/** Plain-data form of an error, safe to post between threads. */
export interface SerializedError {
  name: string;
  message: string;
  expected?: string;
  found?: string;
  stack?: string;
}

/** Turns any thrown value into {@link SerializedError}. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof DiffusionError) {
    return { name: error.name, message: error.message, expected: error.expected, found: error.found, stack: error.stack };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the named error class from {@link SerializedError}; unknown names become a {@link DiffusionError}. */
export function deserializeError(data: SerializedError): Error {
  const ErrorClass = ERROR_CLASSES[data.name as keyof typeof ERROR_CLASSES] ?? DiffusionError;
  const error = new ErrorClass(data.message);
  // The message already contains expected/found; keep the fields for callers that branch on them.
  Object.assign(error, { expected: data.expected, found: data.found });
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
