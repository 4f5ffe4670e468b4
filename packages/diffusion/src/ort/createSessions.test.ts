import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExecutionProviderError, WebGpuUnavailableError } from '../errors.js';
import { tinyModelDir } from '../test/tinyModels.js';
import { createSessions, type ProviderProbes } from './createSessions.js';
import { cudaProviderLibrary } from './onnxSession.js';
import { VULKAN_LOADER_FIX, type WebGpuStatus } from './webgpuAvailability.js';

const quiet = (): void => {};
const probesSaying = (status: WebGpuStatus): ProviderProbes => ({ webgpu: () => Promise.resolve(status) });
const NO_LOADER: WebGpuStatus = { available: false, reason: 'no-vulkan-loader', detail: 'the Vulkan loader (libvulkan.so.1) is not installed', fix: VULKAN_LOADER_FIX, ms: 30 };

async function decoderPaths(): Promise<Record<string, string>> {
  const dir = await tinyModelDir({ type: 'sd', dtype: 'float32' });
  return { vae_decoder: join(dir, 'vae_decoder', 'model.onnx'), unet: join(dir, 'unet', 'model.onnx') };
}

describe('createSessions on a machine without CUDA or a WebGPU adapter', () => {
  it('finds no CUDA provider library here', () => {
    expect(cudaProviderLibrary().present).toBe(false);
  });

  it('auto -> cpu, naming both passed-over providers and where the fix is, once and short', async () => {
    const logs: string[] = [];
    const { sessions, choice } = await createSessions(await decoderPaths(), 'auto', (m) => logs.push(m), {}, probesSaying(NO_LOADER));
    expect(choice.provider).toBe('cpu');
    // Once, short: what was passed over and where the GPU set-up is explained (the details are the doctor's).
    expect(choice.note).toBe('CUDA provider not installed; no WebGPU adapter (no-vulkan-loader); using CPU (slow; GPU set-up: docs/DEPLOY.md, what is missing: `promptjam doctor`)');
    expect(logs).toEqual([`execution provider: ${choice.note}`]);
    expect(Object.values(sessions).map((s) => s.provider)).toEqual(['cpu', 'cpu']);
    await Promise.all(Object.values(sessions).map((s) => s.release()));
  });

  it('cpu asks nothing and notes nothing', async () => {
    const probes: ProviderProbes = { webgpu: () => Promise.reject(new Error('the probe must not run for --device cpu')) };
    const { sessions, choice } = await createSessions(await decoderPaths(), 'cpu', quiet, {}, probes);
    expect(choice).toEqual({ provider: 'cpu' });
    await Promise.all(Object.values(sessions).map((s) => s.release()));
  });

  it('cuda -> ExecutionProviderError with the install hint', async () => {
    const attempt = createSessions(await decoderPaths(), 'cuda', quiet, {}, probesSaying(NO_LOADER));
    await expect(attempt).rejects.toBeInstanceOf(ExecutionProviderError);
    await expect(attempt).rejects.toThrow(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
  });

  it('webgpu with a failed probe -> WebGpuUnavailableError naming the reason and the fix, no session made', async () => {
    const attempt = createSessions(await decoderPaths(), 'webgpu', quiet, {}, probesSaying(NO_LOADER));
    await expect(attempt).rejects.toBeInstanceOf(WebGpuUnavailableError);
    await expect(attempt).rejects.toThrow(/--device webgpu: no WebGPU adapter \(no-vulkan-loader\): expected a WebGPU adapter; fix: install the Vulkan loader: `apt-get install libvulkan1`/);
  });

  // The probe can be wrong (or the adapter can vanish): onnxruntime's own refusal must end the same way.
  it('webgpu whose sessions fail to start in-process -> WebGpuUnavailableError with onnxruntime\'s words', async () => {
    const attempt = createSessions(await decoderPaths(), 'webgpu', quiet, {}, probesSaying({ available: true, ms: 1 }));
    await expect(attempt).rejects.toBeInstanceOf(WebGpuUnavailableError);
    await expect(attempt).rejects.toThrow(/Failed to get a WebGPU adapter/);
  });

  it('auto whose WebGPU sessions fail to start in-process -> cpu, saying so', async () => {
    const { sessions, choice } = await createSessions(await decoderPaths(), 'auto', quiet, {}, probesSaying({ available: true, ms: 1 }));
    expect(choice.provider).toBe('cpu');
    expect(choice.note).toMatch(/WebGPU unavailable \(.*Failed to get a WebGPU adapter.*\); using CPU \(slow; GPU set-up: docs\/DEPLOY\.md.*\)$/);
    await Promise.all(Object.values(sessions).map((s) => s.release()));
  });
});
