/**
 * Whether onnxruntime-node's WebGPU execution provider (Dawn: Vulkan on Linux, Metal on macOS, D3D12 on
 * Windows) finds an adapter here, and when it does not, why and what fixes it. The probe runs in a child
 * process ({@link probeProvider}); on Linux the answer is cross-checked against the Vulkan install
 * ({@link inspectVulkanInstall}), so "no adapter" becomes "no Vulkan loader" or "no Vulkan driver".
 */
import { probeProvider, type ProbeResult } from './providerProbe.js';
import { inspectVulkanInstall, VULKAN_LOADER_SONAME, type VulkanInstall } from './vulkanInstall.js';

/** The probe gives up after this long (Dawn enumerates adapters in well under a second when it works). */
export const WEBGPU_PROBE_TIMEOUT_MS = 30_000;

/** Why no adapter was found. */
export type WebGpuUnavailableReason = 'no-vulkan-loader' | 'no-vulkan-driver' | 'no-adapter' | 'probe-failed';

/** The fix for a missing Vulkan loader (Debian/Ubuntu name first; the same package on other distributions). */
export const VULKAN_LOADER_FIX =
  "install the Vulkan loader: `apt-get install libvulkan1` (Debian/Ubuntu; `dnf install vulkan-loader` on Fedora/RHEL), and the GPU vendor's driver with its Vulkan ICD (NVIDIA: the proprietary driver; AMD/Intel: `mesa-vulkan-drivers`)";

/** The fix for a loader without any driver manifest. */
export const VULKAN_DRIVER_FIX =
  "install the GPU vendor's driver with its Vulkan ICD (NVIDIA: the proprietary driver, which ships nvidia_icd.json; AMD/Intel: `apt-get install mesa-vulkan-drivers`); in a container give it the driver's graphics part (NVIDIA_DRIVER_CAPABILITIES=all or graphics,compute) or point VK_DRIVER_FILES at the driver's icd.d/*.json";

/** Result of {@link checkWebGpu}. */
export type WebGpuStatus =
  | { available: true; ms: number }
  | { available: false; reason: WebGpuUnavailableReason; detail: string; fix: string; ms: number };

/**
 * Turns a failed WebGPU probe into a reason and a fix. Pure: `vulkan` is what the file system showed and
 * `platform` the OS, so tests can hold every branch.
 */
export function diagnoseWebGpu(probe: ProbeResult, vulkan: VulkanInstall, platform: NodeJS.Platform = process.platform): Exclude<WebGpuStatus, { available: true }> {
  const ms = probe.ms;
  const said = [probe.error, probe.nativeDetail].filter(Boolean).join('; ');
  if (probe.signal || /no answer within|probe process/.test(probe.error ?? '')) {
    return { available: false, reason: 'probe-failed', detail: said, fix: 'run `promptjam doctor --device webgpu` and check the GPU driver (a crashing driver takes the probe down)', ms };
  }
  if (platform !== 'linux') {
    return { available: false, reason: 'no-adapter', detail: said, fix: platform === 'darwin' ? 'WebGPU runs on Metal: use a Mac with Metal support' : 'update the GPU driver (WebGPU runs on D3D12)', ms };
  }
  if (!vulkan.loader || /Couldn't load Vulkan/i.test(probe.stderr)) {
    return { available: false, reason: 'no-vulkan-loader', detail: `the Vulkan loader (${VULKAN_LOADER_SONAME}) is not installed; onnxruntime: ${said}`, fix: VULKAN_LOADER_FIX, ms };
  }
  if (vulkan.icdManifests.length === 0 || /Found no drivers|VK_ERROR_INCOMPATIBLE_DRIVER/.test(probe.stderr)) {
    const where = vulkan.icdOverride ? `${vulkan.icdOverride} names no readable manifest` : 'no Vulkan driver manifest (icd.d/*.json) found';
    return { available: false, reason: 'no-vulkan-driver', detail: `Vulkan loader at ${vulkan.loader}, but ${where}; onnxruntime: ${said}`, fix: VULKAN_DRIVER_FIX, ms };
  }
  return {
    available: false,
    reason: 'no-adapter',
    detail: `Vulkan loader at ${vulkan.loader} and drivers ${vulkan.icdManifests.join(', ')}, but no usable adapter; onnxruntime: ${said}`,
    fix: 'check the driver with `vulkaninfo --summary` (package vulkan-tools); the GPU must support Vulkan 1.1+',
    ms,
  };
}

let cached: Promise<WebGpuStatus> | undefined;

/**
 * Probes the WebGPU provider once per process (a few hundred ms: a child Node loads onnxruntime) and
 * remembers the answer. Never throws.
 */
export function checkWebGpu(timeoutMs: number = WEBGPU_PROBE_TIMEOUT_MS): Promise<WebGpuStatus> {
  cached ??= probeProvider('webgpu', timeoutMs).then((probe): WebGpuStatus => (probe.ok ? { available: true, ms: probe.ms } : diagnoseWebGpu(probe, inspectVulkanInstall())));
  return cached;
}
