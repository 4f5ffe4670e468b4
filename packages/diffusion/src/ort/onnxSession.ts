/**
 * The only module that touches onnxruntime. It resolves the execution provider (`--device
 * auto|cuda|cpu`, with our own CUDA -> CPU fallback because onnxruntime-node throws for
 * `['cuda', 'cpu']` when the CUDA libraries are missing), creates sessions, exposes their input/output
 * metadata as plain {@link TensorSpec}s, checks feeds before each run, and on a failed run logs a compact
 * summary of the feeds before rethrowing. Everything above it works with {@link HostTensor}s.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ExecutionProviderError, InferenceError, ModelFolderError } from '../errors.js';
import type { DevicePreference } from '../engine/types.js';
import { checkFeeds, describeTensor, type HostTensor, type TensorSpec } from './hostTensor.js';

/** The provider a session runs on, and why it is not the one asked for (if it is not). */
export interface ProviderChoice {
  provider: 'cuda' | 'cpu';
  note?: string;
}

/** How to get CUDA into onnxruntime-node on a GPU host (repeated in errors and docs). */
export const CUDA_INSTALL_HINT =
  "run onnxruntime-node's installer with ONNXRUNTIME_NODE_INSTALL=cuda12 (docs/architecture/engine.md); needs CUDA 12 and cuDNN 9 on the library path";

/** Where diagnostics go; the worker forwards them, the CLI prints them on stderr. */
export type Logger = (message: string) => void;

/**
 * Where onnxruntime-node keeps its native libraries, and whether the CUDA provider library is among
 * them. The default npm install ships CPU only; `ONNXRUNTIME_NODE_INSTALL=cuda12` adds
 * `libonnxruntime_providers_cuda.so`. Checking first avoids onnxruntime's own noisy failure log.
 */
export function cudaProviderLibrary(): { present: boolean; path: string } {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  const binDir = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
  const path = join(binDir, process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so');
  return { present: existsSync(path), path };
}

/** `run` sessions are optimised for inference; `inspect` sessions only serve their metadata. */
export type SessionPurpose = 'run' | 'inspect';

/** How sessions are created. */
export interface SessionSettings {
  /** Default `run`. */
  purpose?: SessionPurpose;
  /** Intra-op threads on the CPU provider; default {@link defaultCpuThreads}. */
  cpuThreads?: number;
}

/**
 * CPU threads a session may use by default: every core but one. The engine shares its host with the room
 * server's event loop, and onnxruntime's default (one spinning thread per core) starves it: with a core
 * left free, sockets keep being served while a frame renders on the CPU.
 */
export function defaultCpuThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

function providerOptions(provider: 'cuda' | 'cpu', cpuThreads: number): ort.InferenceSession.SessionOptions {
  if (provider !== 'cpu') return {};
  return {
    intraOpNumThreads: cpuThreads,
    interOpNumThreads: 1,
    // Idle worker threads sleep instead of spinning, so the cores they leave are really free.
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

/** A loaded ONNX model with plain metadata and a checked `run`. */
export class OnnxSession {
  private constructor(
    /** Component label used in messages, e.g. `unet`. */
    readonly label: string,
    readonly provider: 'cuda' | 'cpu',
    private readonly session: ort.InferenceSession,
    readonly inputs: readonly TensorSpec[],
    readonly outputs: readonly TensorSpec[],
    private readonly log: Logger,
  ) {}

  /**
   * Loads `path` on `provider`. A file onnxruntime cannot parse (truncated, corrupt, missing external
   * data) becomes a {@link ModelFolderError} naming the file.
   */
  static async create(label: string, path: string, provider: 'cuda' | 'cpu', log: Logger, settings: SessionSettings = {}): Promise<OnnxSession> {
    const purpose = settings.purpose ?? 'run';
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(path, {
        ...providerOptions(provider, settings.cpuThreads ?? defaultCpuThreads()),
        executionProviders: [provider],
        // Inspection only reads metadata: skipping graph optimisation loads a multi-GB UNet much faster.
        graphOptimizationLevel: purpose === 'run' ? 'all' : 'disabled',
        // Fatal only: failures reach the caller as named errors carrying onnxruntime's message.
        logSeverityLevel: 4,
      });
    } catch (cause) {
      const message = (cause as Error).message ?? String(cause);
      if (provider === 'cuda' && /cuda|provider|libcu|cudnn/i.test(message)) throw new ExecutionProviderError(message);
      throw new ModelFolderError(`${label}: onnxruntime cannot load ${path}`, 'a complete, valid ONNX model', message.split('\n')[0]);
    }
    const specs = (metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorSpec[] =>
      metadata.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, type: 'non-tensor', shape: [] }));
    return new OnnxSession(label, provider, session, specs(session.inputMetadata), specs(session.outputMetadata), log);
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
    try {
      results = outputNames ? await this.session.run(ortFeeds, [...outputNames]) : await this.session.run(ortFeeds);
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

/**
 * Creates one session per component, in parallel, on the provider `device` resolves to. For `auto` the
 * first component is tried on CUDA; if that throws, every session runs on CPU and the returned note
 * says why. `cuda` never falls back: it fails with an {@link ExecutionProviderError} and the install hint.
 */
export async function createSessions(
  paths: Readonly<Record<string, string>>,
  device: DevicePreference,
  log: Logger,
  settings: SessionSettings = {},
): Promise<{ sessions: Record<string, OnnxSession>; choice: ProviderChoice }> {
  for (const [label, path] of Object.entries(paths)) {
    if (!existsSync(path)) throw new ModelFolderError(`${label}: model file missing`, `a file ${path}`, 'no such file');
  }
  const entries = Object.entries(paths);
  let choice: ProviderChoice = { provider: device === 'cpu' ? 'cpu' : 'cuda' };
  const sessions: Record<string, OnnxSession> = {};
  let rest = entries;
  const cudaLibrary = cudaProviderLibrary();
  if (choice.provider === 'cuda' && !cudaLibrary.present) {
    const reason = `CUDA provider not installed (no ${cudaLibrary.path})`;
    if (device === 'cuda') {
      throw new ExecutionProviderError('--device cuda: the CUDA execution provider is unavailable', `a working CUDA provider (${CUDA_INSTALL_HINT})`, reason);
    }
    choice = { provider: 'cpu', note: `${reason}; using CPU` };
    log(`execution provider: ${choice.note}`);
  }
  if (choice.provider === 'cuda' && entries.length > 0) {
    const [label, path] = entries[0]!;
    try {
      sessions[label] = await OnnxSession.create(label, path, 'cuda', log, settings);
      rest = entries.slice(1);
    } catch (cause) {
      if (!(cause instanceof ExecutionProviderError)) throw cause;
      const reason = cause.message.split('\n')[0]!.slice(0, 300);
      if (device === 'cuda') {
        throw new ExecutionProviderError('--device cuda: the CUDA execution provider is unavailable', `a working CUDA provider (${CUDA_INSTALL_HINT})`, reason);
      }
      choice = { provider: 'cpu', note: `CUDA unavailable, using CPU (${reason})` };
      log(`execution provider: ${choice.note}`);
    }
  }
  try {
    const created = await Promise.all(rest.map(([label, path]) => OnnxSession.create(label, path, choice.provider, log, settings)));
    created.forEach((session) => (sessions[session.label] = session));
  } catch (cause) {
    await Promise.all(Object.values(sessions).map((s) => s.release()));
    throw cause;
  }
  return { sessions, choice };
}
