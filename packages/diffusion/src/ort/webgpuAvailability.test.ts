import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProbeResult } from './providerProbe.js';
import { inspectVulkanInstall } from './vulkanInstall.js';
import { checkWebGpu, diagnoseWebGpu, VULKAN_DRIVER_FIX, VULKAN_LOADER_FIX } from './webgpuAvailability.js';

/** What onnxruntime-node 1.30 says (first line of its message, as the probe keeps it) when Dawn finds no adapter. */
const NO_ADAPTER = 'Failed to get a WebGPU adapter: No supported adapters';
const failed = (stderr: string, extra: Partial<ProbeResult> = {}): ProbeResult => ({ provider: 'webgpu', ok: false, ms: 40, error: NO_ADAPTER, stderr, ...extra });
const LOADER = '/usr/lib/x86_64-linux-gnu/libvulkan.so.1';

describe('diagnoseWebGpu', () => {
  it('no loader: Dawn could not open libvulkan.so.1 -> apt-get install libvulkan1', () => {
    const status = diagnoseWebGpu(failed("Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file"), { icdManifests: [] }, 'linux');
    expect(status.reason).toBe('no-vulkan-loader');
    expect(status.fix).toBe(VULKAN_LOADER_FIX);
    expect(status.fix).toMatch(/apt-get install libvulkan1/);
    expect(status.detail).toMatch(/libvulkan\.so\.1 is not installed|\(libvulkan\.so\.1\) is not installed/);
  });

  it('loader without drivers -> the vendor driver fix', () => {
    const status = diagnoseWebGpu(failed('Warning: vkCreateInstance: Found no drivers!'), { loader: LOADER, icdManifests: [] }, 'linux');
    expect(status.reason).toBe('no-vulkan-driver');
    expect(status.fix).toBe(VULKAN_DRIVER_FIX);
    expect(status.detail).toMatch(/no Vulkan driver manifest/);
  });

  it('a VK_DRIVER_FILES that names nothing readable is called out', () => {
    const status = diagnoseWebGpu(failed(''), { loader: LOADER, icdManifests: [], icdOverride: 'VK_DRIVER_FILES' }, 'linux');
    expect(status.reason).toBe('no-vulkan-driver');
    expect(status.detail).toMatch(/VK_DRIVER_FILES names no readable manifest/);
  });

  it('loader and driver present but no adapter -> vulkaninfo', () => {
    const status = diagnoseWebGpu(failed(''), { loader: LOADER, icdManifests: ['/usr/share/vulkan/icd.d/nvidia_icd.json'] }, 'linux');
    expect(status.reason).toBe('no-adapter');
    expect(status.fix).toMatch(/vulkaninfo/);
  });

  it('a crashed or hung probe is its own reason', () => {
    expect(diagnoseWebGpu(failed('', { error: 'probe process crashed (SIGSEGV)', signal: 'SIGSEGV' }), { icdManifests: [] }, 'linux').reason).toBe('probe-failed');
    expect(diagnoseWebGpu(failed('', { error: 'no answer within 30000 ms' }), { icdManifests: [] }, 'linux').reason).toBe('probe-failed');
  });
});

describe('inspectVulkanInstall', () => {
  it('finds a loader on LD_LIBRARY_PATH and manifests in the XDG config dir; VK_DRIVER_FILES overrides the search', async () => {
    const root = await mkdtemp(join(tmpdir(), 'promptjam-vulkan-'));
    await mkdir(join(root, 'lib'));
    await writeFile(join(root, 'lib', 'libvulkan.so.1'), '');
    await mkdir(join(root, 'config', 'vulkan', 'icd.d'), { recursive: true });
    await writeFile(join(root, 'config', 'vulkan', 'icd.d', 'test_icd.json'), '{}');
    const env = { LD_LIBRARY_PATH: join(root, 'lib'), XDG_CONFIG_HOME: join(root, 'config'), HOME: root };
    const found = inspectVulkanInstall(env);
    expect(found.loader).toBe(join(root, 'lib', 'libvulkan.so.1'));
    expect(found.icdManifests).toContain(join(root, 'config', 'vulkan', 'icd.d', 'test_icd.json'));
    const overridden = inspectVulkanInstall({ ...env, VK_DRIVER_FILES: join(root, 'missing.json') });
    expect(overridden).toMatchObject({ icdManifests: [], icdOverride: 'VK_DRIVER_FILES' });
  });
});

describe('checkWebGpu on this machine (no GPU in CI)', () => {
  it('reports no adapter with a reason and a fix, from a child process, without taking this process down', async () => {
    const status = await checkWebGpu();
    expect(status.available).toBe(false);
    if (status.available) return;
    expect(['no-vulkan-loader', 'no-vulkan-driver', 'no-adapter']).toContain(status.reason);
    expect(status.detail).toMatch(/No supported adapters/);
    expect(status.fix.length).toBeGreaterThan(20);
  });
});
