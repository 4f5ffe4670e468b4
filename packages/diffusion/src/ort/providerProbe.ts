/**
 * Learns whether an onnxruntime execution provider really works here by opening a session on the tiny probe
 * model with only that provider and running it once, in a child Node process. Facts behind the child process
 * (onnxruntime-node 1.30, Linux x64): with `['webgpu']` and no Vulkan loader or no driver, session creation
 * rejects in ~30 ms with "Failed to get a WebGPU adapter: No supported adapters" and the process survives, but
 * the only words saying *why* (Dawn's "Couldn't load Vulkan: libvulkan.so.1 ...", the Vulkan loader's "Found no
 * drivers!") go to the native stderr, which only a parent process can read; and a misbehaving driver or
 * provider library may abort the process that loads it, which must not be the server.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeProbeModel, PROBE_INPUT_SHAPE } from './probeModel.js';

/** Providers a probe can try. */
export type ProbedProvider = 'cpu' | 'cuda' | 'tensorrt' | 'webgpu';

/** A probe that has not answered by then is reported as failed (TensorRT builds engines slowly on first use). */
export const PROBE_TIMEOUT_MS = 120_000;

/** What one probe found. */
export interface ProbeResult {
  provider: ProbedProvider;
  ok: boolean;
  /** Wall time of session creation + one run inside the child (or of the whole probe when it failed), in ms. */
  ms: number;
  /** onnxruntime's error message when it failed (first line). */
  error?: string;
  /** The most telling native log line (e.g. which shared library could not be opened). */
  nativeDetail?: string;
  /** The child's native stderr, colour codes removed (Dawn's and the Vulkan loader's diagnostics). */
  stderr: string;
  /** The signal that ended the child, when it crashed instead of answering. */
  signal?: string;
}

const require = createRequire(import.meta.url);

/** Absolute folder of the installed onnxruntime-node package. */
export function onnxruntimeNodeDir(): string {
  return dirname(require.resolve('onnxruntime-node/package.json'));
}

/** Runs inside the child: load onnxruntime-node, create a session with one provider, run y = x + x, print JSON. */
const PROBE_SCRIPT = `
const [ortUrl, provider, modelBase64, dims] = process.argv.slice(1);
const started = performance.now();
try {
  const ort = (await import(ortUrl)).default;
  const session = await ort.InferenceSession.create(Buffer.from(modelBase64, 'base64'), { executionProviders: [provider], logSeverityLevel: 3 });
  const shape = JSON.parse(dims);
  const x = new ort.Tensor('float32', Float32Array.from({ length: shape[0] * shape[1] }, (_, i) => i + 1), shape);
  const { y } = await session.run({ x });
  const ok = y.data.every((v, i) => v === 2 * (i + 1));
  await session.release();
  process.stdout.write(JSON.stringify(ok ? { ok, ms: performance.now() - started } : { ok, error: 'wrong result from the probe model' }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(error && error.message || error) }));
}
`;

/** onnxruntime colours its native log lines (ESC [ … m). */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Picks the native log line that says why a provider library (or Vulkan) did not load. */
export function nativeDetailFrom(stderr: string): string | undefined {
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /cannot open shared object|Failed to load|not found|CUDA failure|cudnn|TensorRT|Couldn't load Vulkan|Found no drivers|VK_ERROR/i.test(l));
  if (!line) return undefined;
  const reason = /with error: (.*)$/.exec(line)?.[1] ?? line.replace(/^Warning: /, '');
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}

/** The line of onnxruntime's message that says what failed (it ends with the reason, after the source location). */
function errorSummary(message: string): string {
  const adapter = /Failed to get a WebGPU (adapter|device)[^\n]*/.exec(message)?.[0];
  return (adapter ?? message.split('\n')[0] ?? message).trim();
}

/**
 * Probes one provider in a child process. Never throws: a crash, a hang past `timeoutMs` or garbage output
 * is a failed {@link ProbeResult} saying so. `env` is the child's environment (default: this process's).
 */
export function probeProvider(provider: ProbedProvider, timeoutMs: number = PROBE_TIMEOUT_MS, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
  const ortUrl = pathToFileURL(join(onnxruntimeNodeDir(), 'dist', 'index.js')).href;
  const model = Buffer.from(encodeProbeModel()).toString('base64');
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', PROBE_SCRIPT, ortUrl, provider, model, JSON.stringify(PROBE_INPUT_SHAPE)],
      { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, env },
      (error, stdout, rawStderr) => {
        const ms = Date.now() - started;
        const stderr = rawStderr.replace(ANSI_COLOUR, '');
        const nativeDetail = nativeDetailFrom(stderr);
        const extra = { stderr, ...(nativeDetail ? { nativeDetail } : {}) };
        try {
          const answer = JSON.parse(stdout) as { ok: boolean; ms?: number; error?: string };
          resolve({ provider, ok: answer.ok, ms: answer.ms ?? ms, ...(answer.error ? { error: errorSummary(answer.error) } : {}), ...extra });
        } catch {
          // execFile kills a child that outlives `timeout` (killed: true); any other signal is the child's own crash.
          const signal = error?.killed ? undefined : (error?.signal ?? undefined);
          const reason = error?.killed ? `no answer within ${timeoutMs} ms` : signal ? `probe process crashed (${signal})` : `probe process failed (${error?.message ?? 'no output'})`;
          resolve({ provider, ok: false, ms, error: reason, ...extra, ...(signal ? { signal } : {}) });
        }
      },
    );
  });
}
