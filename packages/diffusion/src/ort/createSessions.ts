import { existsSync } from 'node:fs';
import type { DevicePreference } from '../engine/types.js';
import { ExecutionProviderError, ModelFolderError, WebGpuUnavailableError } from '../errors.js';
import type { Provider, SessionSettings } from './executionProviders.js';
import { CUDA_INSTALL_HINT, cudaProviderLibrary, OnnxSession, type Logger } from './onnxSession.js';
import { checkWebGpu, type WebGpuStatus } from './webgpuAvailability.js';

/** The provider sessions run on, and, for `auto` or a fallback, which providers were passed over and why. */
export interface ProviderChoice {
  provider: Provider;
  /** Why this provider: `auto`'s reasoning, or why it differs from the one asked for. */
  note?: string;
}

/** Injectable for tests: the WebGPU probe (default: a child process, once per process). */
export interface ProviderProbes {
  webgpu: () => Promise<WebGpuStatus>;
}

const DEFAULT_PROBES: ProviderProbes = { webgpu: () => checkWebGpu() };

/** Why `provider` cannot be used without trying a session, or undefined when it may work. */
async function unavailableReason(provider: 'cuda' | 'webgpu', device: DevicePreference, probes: ProviderProbes): Promise<string | undefined> {
  if (provider === 'cuda') {
    const library = cudaProviderLibrary();
    if (library.present) return undefined;
    if (device === 'cuda') {
      throw new ExecutionProviderError('--device cuda: the CUDA execution provider is unavailable', `a working CUDA provider (${CUDA_INSTALL_HINT})`, `CUDA provider not installed (no ${library.path})`);
    }
    return 'CUDA provider not installed';
  }
  const webgpu = await probes.webgpu();
  if (webgpu.available) return undefined;
  if (device === 'webgpu') {
    throw new WebGpuUnavailableError(`--device webgpu: no WebGPU adapter (${webgpu.reason})`, `a WebGPU adapter; fix: ${webgpu.fix}`, webgpu.detail);
  }
  // Short, like the CUDA reason: on a CPU-only host this is logged at every start; `promptjam doctor` has the fix.
  return `no WebGPU adapter (${webgpu.reason})`;
}

/**
 * How `auto`'s note ends when it falls back to the CPU: once, short, with where the GPU set-up is explained (the
 * per-provider details and fixes are the doctor's).
 */
export const CPU_FALLBACK_NOTE = 'using CPU (slow; GPU set-up: docs/DEPLOY.md, what is missing: `promptjam doctor`)';

/**
 * Creates every session on `provider`: the first alone (a provider that cannot start fails there, before
 * gigabytes load in parallel), then the rest in parallel. On any failure the sessions made so far are released.
 */
async function createAll(entries: Array<[string, string]>, provider: Provider, log: Logger, settings: SessionSettings): Promise<Record<string, OnnxSession>> {
  const sessions: Record<string, OnnxSession> = {};
  try {
    const [first, ...rest] = entries;
    if (first) sessions[first[0]] = await OnnxSession.create(first[0], first[1], provider, log, settings);
    const created = await Promise.all(rest.map(([label, path]) => OnnxSession.create(label, path, provider, log, settings)));
    created.forEach((session) => (sessions[session.label] = session));
    return sessions;
  } catch (cause) {
    await Promise.all(Object.values(sessions).map((s) => s.release()));
    throw cause;
  }
}

/**
 * Creates one session per component on the provider `device` resolves to:
 * - `cpu`: the CPU provider.
 * - `cuda` / `webgpu`: that provider or a named error with the fix ({@link ExecutionProviderError} with the
 *   CUDA install hint; {@link WebGpuUnavailableError} naming the missing Vulkan loader or driver). Never a
 *   silent CPU run.
 * - `auto`: CUDA when its provider library is installed and loads, else WebGPU when the probe finds an
 *   adapter and the sessions start, else the CPU; `choice.note` says which and why, shortly (logged once, here).
 */
export async function createSessions(
  paths: Readonly<Record<string, string>>,
  device: DevicePreference,
  log: Logger,
  settings: SessionSettings = {},
  probes: ProviderProbes = DEFAULT_PROBES,
): Promise<{ sessions: Record<string, OnnxSession>; choice: ProviderChoice }> {
  for (const [label, path] of Object.entries(paths)) {
    if (!existsSync(path)) throw new ModelFolderError(`${label}: model file missing`, `a file ${path}`, 'no such file');
  }
  const entries = Object.entries(paths);
  const candidates: Array<'cuda' | 'webgpu'> = device === 'auto' ? ['cuda', 'webgpu'] : device === 'cpu' ? [] : [device];
  const passedOver: string[] = [];
  for (const provider of candidates) {
    const reason = await unavailableReason(provider, device, probes);
    if (reason !== undefined) {
      passedOver.push(reason);
      continue;
    }
    try {
      const sessions = await createAll(entries, provider, log, settings);
      const choice: ProviderChoice = device === 'auto' ? { provider, note: [...passedOver, `${provider} provider loaded`].join('; ') } : { provider };
      if (choice.note !== undefined) log(`execution provider: ${choice.note}`);
      return { sessions, choice };
    } catch (cause) {
      if (!(cause instanceof ExecutionProviderError)) throw cause;
      const found = cause.found ?? cause.message.split('\n')[0]!;
      if (device !== 'auto') {
        const ErrorClass = provider === 'webgpu' ? WebGpuUnavailableError : ExecutionProviderError;
        throw new ErrorClass(`--device ${provider}: the ${provider} execution provider is unavailable`, provider === 'cuda' ? `a working CUDA provider (${CUDA_INSTALL_HINT})` : 'a working WebGPU adapter', found.slice(0, 300));
      }
      passedOver.push(`${provider === 'cuda' ? 'CUDA' : 'WebGPU'} unavailable (${found.slice(0, 300)})`);
    }
  }
  const sessions = await createAll(entries, 'cpu', log, settings);
  const choice: ProviderChoice = passedOver.length > 0 ? { provider: 'cpu', note: `${passedOver.join('; ')}; ${CPU_FALLBACK_NOTE}` } : { provider: 'cpu' };
  if (choice.note !== undefined) log(`execution provider: ${choice.note}`);
  return { sessions, choice };
}
