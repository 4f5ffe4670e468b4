/**
 * The only module that runs onnxruntime in the engine's process: it creates a session on one provider (the
 * choice between providers is {@link createSessions}'), exposes its input/output metadata as plain
 * {@link TensorSpec}s, checks feeds before each run, and on a failed run logs a compact summary of the feeds
 * before rethrowing. Everything above it works with {@link HostTensor}s.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ExecutionProviderError, InferenceError, ModelFolderError } from '../errors.js';
import { providerSessionOptions, type Provider, type SessionSettings } from './executionProviders.js';
import { checkFeeds, describeTensor, type HostTensor, type TensorSpec } from './hostTensor.js';

/** How to get CUDA into onnxruntime-node on a GPU host (repeated in errors and docs). */
export const CUDA_INSTALL_HINT =
  "run onnxruntime-node's installer with ONNXRUNTIME_NODE_INSTALL=cuda12 (docs/architecture/engine.md); needs CUDA 12 and cuDNN 9 on the library path";

/** Where diagnostics go; the worker forwards them, the CLI prints them on stderr. */
export type Logger = (message: string) => void;

/**
 * Where onnxruntime-node keeps its native libraries, and whether the CUDA provider library is among
 * them. The default npm install ships CPU and WebGPU only; `ONNXRUNTIME_NODE_INSTALL=cuda12` adds
 * `libonnxruntime_providers_cuda.so`. Checking first avoids onnxruntime's own noisy failure log.
 */
export function cudaProviderLibrary(): { present: boolean; path: string } {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  const binDir = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
  const path = join(binDir, process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so');
  return { present: existsSync(path), path };
}

/** onnxruntime's words for a provider that cannot start (as opposed to a model it cannot parse). */
const PROVIDER_FAILURE = { cuda: /cuda|provider|libcu|cudnn/i, webgpu: /webgpu|dawn|adapter|vulkan/i, cpu: /$^/ } as const;

/** When a session was made ready: creation time, and the first `run` (on a GPU it compiles kernels and allocates). */
export interface SessionStartup {
  /** `InferenceSession.create` wall time, ms. */
  createMs: number;
  /** Wall time of the first `run`, ms; undefined until it has run. */
  firstRunMs?: number;
}

/** A loaded ONNX model with plain metadata and a checked `run`. */
export class OnnxSession {
  private firstRunMs: number | undefined;

  private constructor(
    /** Component label used in messages, e.g. `unet`. */
    readonly label: string,
    readonly provider: Provider,
    private readonly session: ort.InferenceSession,
    readonly inputs: readonly TensorSpec[],
    readonly outputs: readonly TensorSpec[],
    private readonly log: Logger,
    private readonly createMs: number,
  ) {}

  /** Creation and first-run times (for the bench and the load log). */
  get startup(): SessionStartup {
    return { createMs: this.createMs, ...(this.firstRunMs !== undefined ? { firstRunMs: this.firstRunMs } : {}) };
  }

  /**
   * Loads `path` on `provider`. A file onnxruntime cannot parse (truncated, corrupt, missing external
   * data) becomes a {@link ModelFolderError} naming the file.
   */
  static async create(label: string, path: string, provider: Provider, log: Logger, settings: SessionSettings = {}): Promise<OnnxSession> {
    const purpose = settings.purpose ?? 'run';
    const began = performance.now();
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(path, {
        ...providerSessionOptions(provider, settings),
        // Inspection only reads metadata: skipping graph optimisation loads a multi-GB UNet much faster.
        graphOptimizationLevel: purpose === 'run' ? 'all' : 'disabled',
        // Fatal only: failures reach the caller as named errors carrying onnxruntime's message.
        logSeverityLevel: 4,
      });
    } catch (cause) {
      const message = (cause as Error).message ?? String(cause);
      if (PROVIDER_FAILURE[provider].test(message)) throw new ExecutionProviderError(`${label}: the ${provider} execution provider failed to start`, `a working ${provider} provider`, message.split('\n')[0]);
      throw new ModelFolderError(`${label}: onnxruntime cannot load ${path}`, 'a complete, valid ONNX model', message.split('\n')[0]);
    }
    const specs = (metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorSpec[] =>
      metadata.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: 'non-tensor', shape: [] }));
    return new OnnxSession(label, provider, session, specs(session.inputMetadata), specs(session.outputMetadata), log, performance.now() - began);
  }

  /** The spec of input `name`, if the model has it. */
  input(name: string): TensorSpec | undefined {
    return this.inputs.find((s) => s.name === name);
  }

  /** The spec of output `name`, if the model has it. */
  output(name: string): TensorSpec | undefined {
    return this.outputs.find((s) => s.name === name);
  }

  /**
   * Runs the model after checking the feeds against its metadata; fetches only `outputNames` (all if
   * omitted). Blocks the calling thread while the kernels run (onnxruntime-node's `run` is synchronous
   * underneath), which is why the engine lives in a worker thread.
   */
  async run(feeds: Record<string, HostTensor>, outputNames?: readonly string[]): Promise<Record<string, HostTensor>> {
    checkFeeds(this.label, this.inputs, feeds);
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
    let results: ort.InferenceSession.ReturnType;
    const began = performance.now();
    try {
      results = outputNames ? await this.session.run(ortFeeds, [...outputNames]) : await this.session.run(ortFeeds);
      this.firstRunMs ??= performance.now() - began;
    } catch (cause) {
      const summary = Object.entries(feeds).map(([name, t]) => describeTensor(name, t)).join(', ');
      this.log(`${this.label}: run failed on ${this.provider} with inputs ${summary}`);
      throw new InferenceError(`${this.label}: run failed (${(cause as Error).message}) with inputs ${summary}`);
    }
    const out: Record<string, HostTensor> = {};
    for (const [name, value] of Object.entries(results)) {
      const tensor = value as ort.Tensor;
      out[name] = { type: tensor.type as HostTensor['type'], data: tensor.data as HostTensor['data'], dims: [...tensor.dims] };
    }
    return out;
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.session.release();
  }
}
