/**
 * Learns whether an onnxruntime execution provider really works here by opening a session on the tiny probe
 * model with only that provider and running it once. Each probe runs in a child Node process: a provider that
 * fails to load writes native log lines (and could in principle abort the process), and neither may reach
 * the doctor's own output or kill it.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeProbeModel, PROBE_INPUT_SHAPE } from '../probeModel.js';

/** Providers the doctor tries, in the order it reports them. */
export const PROBED_PROVIDERS = ['cpu', 'cuda', 'tensorrt'] as const;
export type ProbedProvider = (typeof PROBED_PROVIDERS)[number];

/** A probe that has not answered by then is reported as failed (TensorRT builds engines slowly on first use). */
export const PROBE_TIMEOUT_MS = 120_000;

/** What one probe found. */
export interface ProbeResult {
  provider: ProbedProvider;
  ok: boolean;
  /** Wall time of session creation + one run, in ms. */
  ms: number;
  /** onnxruntime's error message when it failed. */
  error?: string;
  /** The most telling native log line (e.g. which shared library could not be opened). */
  nativeDetail?: string;
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

/** Picks the native log line that says why a provider library did not load. */
function nativeDetailFrom(stderr: string): string | undefined {
  const line = stderr
    .split('\n')
    .map((l) => l.replace(ANSI_COLOUR, '').trim())
    .find((l) => /cannot open shared object|Failed to load|not found|CUDA failure|cudnn|TensorRT/i.test(l));
  if (!line) return undefined;
  const reason = /with error: (.*)$/.exec(line)?.[1] ?? line;
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}

/** Probes one provider in a child process. Never throws. */
export function probeProvider(provider: ProbedProvider, timeoutMs: number = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const ortUrl = pathToFileURL(join(onnxruntimeNodeDir(), 'dist', 'index.js')).href;
  const model = Buffer.from(encodeProbeModel()).toString('base64');
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', PROBE_SCRIPT, ortUrl, provider, model, JSON.stringify(PROBE_INPUT_SHAPE)],
      { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const ms = Date.now() - started;
        const nativeDetail = nativeDetailFrom(stderr);
        try {
          const answer = JSON.parse(stdout) as { ok: boolean; ms?: number; error?: string };
          resolve({ provider, ok: answer.ok, ms: answer.ms ?? ms, ...(answer.error ? { error: answer.error } : {}), ...(nativeDetail ? { nativeDetail } : {}) });
        } catch {
          const reason = error?.killed ? `no answer within ${timeoutMs} ms` : `probe process failed (${error?.message ?? 'no output'})`;
          resolve({ provider, ok: false, ms, error: reason, ...(nativeDetail ? { nativeDetail } : {}) });
        }
      },
    );
  });
}
