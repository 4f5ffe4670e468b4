import type { ProbeResult, WebGpuStatus } from '@promptjam/diffusion';
import { describe, expect, it } from 'vitest';
import type { Check } from '../checkReport.js';
import { collapseNoGpu } from './collapseNoGpu.js';
import { checkGpu, checkNode, providerCheck, webgpuCheck } from './hostChecks.js';

/** What the probes report on a host with no GPU and nothing GPU-related installed (this CI machine's case). */
const missingOrtLibs = (provider: 'cuda' | 'tensorrt'): ProbeResult => ({
  provider,
  ok: false,
  ms: 5,
  stderr: '',
  error: 'Failed to load shared library',
  nativeDetail: '/x/libonnxruntime_providers_shared.so: cannot open shared object file',
});
const noVulkan: WebGpuStatus = { available: false, reason: 'no-vulkan-loader', detail: 'the Vulkan loader (libvulkan.so.1) is not installed', fix: 'apt-get install libvulkan1', ms: 3 };

/** The doctor's checks in its order, on a CPU-only host, with `device` asked for. */
async function cpuOnlyHost(device: 'auto' | 'cuda' = 'auto'): Promise<Check[]> {
  return [
    checkNode('22.1.0'),
    { name: 'provider cpu', status: 'ok', detail: 'session created and ran in 40 ms' },
    providerCheck(missingOrtLibs('cuda'), device),
    providerCheck(missingOrtLibs('tensorrt'), device),
    webgpuCheck(noVulkan, device, { icdManifests: [] }),
    await checkGpu(device, 'nvidia-smi-that-does-not-exist'),
    { name: 'models', status: 'warn', detail: 'no SDXL Turbo', fix: 'fetch one' },
  ];
}

describe('collapseNoGpu', () => {
  it('says once, short, that a CPU-only host has no GPU, pointing at docs/DEPLOY.md, in place of four warnings', async () => {
    const checks = collapseNoGpu(await cpuOnlyHost(), 'auto');
    expect(checks.map((c) => c.name)).toEqual(['node', 'provider cpu', 'gpu', 'models']);
    expect(checks[2]).toEqual({
      name: 'gpu',
      status: 'warn',
      detail: 'none set up (CUDA provider libraries not installed; no WebGPU adapter (no-vulkan-loader); no NVIDIA GPU visible): frames render on the CPU, slowly',
      fix: expect.stringContaining('docs/DEPLOY.md'),
    });
  });

  it('keeps every detail when a GPU path exists or is broken, or a GPU device was asked for', async () => {
    const host = await cpuOnlyHost();
    // An NVIDIA GPU is visible: the CUDA set-up steps matter.
    const withGpu = host.map((c): Check => (c.name === 'gpu' ? { name: 'gpu', status: 'ok', detail: 'NVIDIA L4, 550.54, 23034 MiB' } : c));
    expect(collapseNoGpu(withGpu, 'auto')).toEqual(withGpu);
    // CUDA's libraries are installed but cuDNN is missing: a broken set-up, not an absent one.
    const broken = host.map((c) => (c.name === 'provider cuda' ? providerCheck({ ...missingOrtLibs('cuda'), nativeDetail: 'libcudnn.so.9: cannot open shared object file' }, 'auto') : c));
    expect(collapseNoGpu(broken, 'auto')).toEqual(broken);
    // WebGPU works.
    const webgpu = host.map((c) => (c.name === 'provider webgpu' ? webgpuCheck({ available: true, ms: 20 }, 'auto', { icdManifests: [] }) : c));
    expect(collapseNoGpu(webgpu, 'auto')).toEqual(webgpu);
    // --device cuda asked for the details.
    const cuda = await cpuOnlyHost('cuda');
    expect(collapseNoGpu(cuda, 'cuda')).toEqual(cuda);
  });
});
