/**
 * The execution providers the engine runs on and the onnxruntime session options each one gets. The WebGPU
 * provider ships inside onnxruntime-node 1.30's `libonnxruntime.so.1` (no download, no CUDA); CUDA needs the
 * provider library that `ONNXRUNTIME_NODE_INSTALL=cuda12` adds; the CPU provider is always there.
 */
import { availableParallelism } from 'node:os';
import type * as ort from 'onnxruntime-node';

/** A provider sessions actually run on. */
export type Provider = 'cuda' | 'webgpu' | 'cpu';

/**
 * Options of onnxruntime's WebGPU provider that matter for a diffusion UNet and VAE. None is on by default:
 * whether each one helps is for the GPU check (`pnpm gpu-check`, docs/BENCHMARKS.md) to decide on a real GPU.
 */
export interface WebGpuOptions {
  /**
   * `NHWC` lets the provider run convolutions channels-last (it inserts the transposes); `NCHW` (onnxruntime's
   * default) keeps the graph's own layout.
   */
  preferredLayout?: 'NCHW' | 'NHWC';
  /**
   * Records the session's GPU commands once and replays them (onnxruntime `enableGraphCapture`). Needs static
   * shapes and every input and output on the GPU, so it only applies to sessions fed device tensors.
   */
  enableGraphCapture?: boolean;
  /**
   * Dawn/onnxruntime validation: `basic` is onnxruntime's default; `disabled` saves CPU time per dispatch but a
   * WebGPU error may then take the process down (onnxruntime-common's documentation says so).
   */
  validationMode?: 'disabled' | 'wgpuOnly' | 'basic' | 'full';
}

/**
 * Most requests worth denoising in one batched UNet call when the caller does not say: 4 on a GPU (measured on an
 * H200 with WebGPU: SDXL's UNet costs 181 ms at batch 1 and 346 ms at batch 4, 86 ms per image), 1 on the CPU, where
 * one image already keeps every core busy.
 */
export function defaultMaxBatch(provider: Provider): number {
  return provider === 'cpu' ? 1 : 4;
}

/** `run` sessions are optimised for inference; `inspect` sessions only serve their metadata. */
export type SessionPurpose = 'run' | 'inspect';

/** How sessions are created. */
export interface SessionSettings {
  /** Default `run`. */
  purpose?: SessionPurpose;
  /** Intra-op threads for work on the CPU (the CPU provider, or nodes a GPU provider leaves to the CPU); default {@link defaultCpuThreads}. */
  cpuThreads?: number;
  /** WebGPU provider options (ignored on other providers). */
  webgpu?: WebGpuOptions;
}

/**
 * CPU threads a session may use by default: every core but one. The engine shares its host with the room
 * server's event loop, and onnxruntime's default (one spinning thread per core) starves it: with a core
 * left free, sockets keep being served while a frame renders on the CPU.
 */
export function defaultCpuThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** The onnxruntime session options for `provider` (without the graph optimisation level and logging). */
export function providerSessionOptions(provider: Provider, settings: SessionSettings): ort.InferenceSession.SessionOptions {
  const cpuThreads = settings.cpuThreads ?? defaultCpuThreads();
  const threads: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: cpuThreads,
    interOpNumThreads: 1,
  };
  // Idle worker threads sleep instead of spinning, so the cores they leave are really free.
  const noSpinning = { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } };
  switch (provider) {
    case 'cpu':
      return { ...threads, executionProviders: ['cpu'], extra: { session: noSpinning } };
    case 'cuda':
      return { executionProviders: ['cuda'] };
    case 'webgpu': {
      const { preferredLayout, validationMode, enableGraphCapture } = settings.webgpu ?? {};
      return {
        ...threads,
        executionProviders: [{ name: 'webgpu', ...(preferredLayout ? { preferredLayout } : {}), ...(validationMode ? { validationMode } : {}) }],
        // onnxruntime-node flattens `extra` into session config entries: ep.webgpuexecutionprovider.enableGraphCapture.
        extra: { session: noSpinning, ...(enableGraphCapture ? { ep: { webgpuexecutionprovider: { enableGraphCapture: '1' } } } : {}) },
      };
    }
  }
}
