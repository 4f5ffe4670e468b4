import { describe, expect, it } from 'vitest';
import { checkProviders, webgpuCheck } from './hostChecks.js';

const NO_LOADER = { available: false, reason: 'no-vulkan-loader', detail: 'the Vulkan loader (libvulkan.so.1) is not installed', fix: 'install the Vulkan loader: `apt-get install libvulkan1`', ms: 30 } as const;

describe('doctor WebGPU check', () => {
  it('is an error with the fix only when --device webgpu asks for it', () => {
    const vulkan = { icdManifests: [] };
    expect(webgpuCheck(NO_LOADER, 'webgpu', vulkan)).toMatchObject({ name: 'provider webgpu', status: 'error', fix: NO_LOADER.fix });
    expect(webgpuCheck(NO_LOADER, 'auto', vulkan)).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^no adapter \(no-vulkan-loader\): .*frames would render on CPU/) });
  });

  it('names the loader and drivers when an adapter is found', () => {
    const check = webgpuCheck({ available: true, ms: 412.4 }, 'webgpu', { loader: '/usr/lib/x86_64-linux-gnu/libvulkan.so.1', icdManifests: ['/usr/share/vulkan/icd.d/nvidia_icd.json'] });
    expect(check.status).toBe('ok');
    expect(check.detail).toMatch(/^adapter found: session created and ran in 412 ms/);
    if (process.platform === 'linux') expect(check.detail).toContain('nvidia_icd.json');
  });

  it('probes WebGPU for real under --device webgpu (no adapter in CI: an error with the fix), skipping CUDA', async () => {
    const checks = await checkProviders('webgpu');
    expect(checks.map((c) => c.name)).toEqual(['provider cpu', 'provider webgpu']);
    const webgpu = checks[1]!;
    if (webgpu.status !== 'ok') {
      expect(webgpu.status).toBe('error');
      expect(webgpu.fix).toMatch(/libvulkan1|driver|vulkaninfo/);
    }
  }, 120_000);
});
