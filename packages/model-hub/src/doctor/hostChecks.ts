/**
 * The doctor's checks of the host: Node, onnxruntime-node and its execution providers, the GPU, ports and the
 * data directory. Each returns {@link Check}s with the fix for any problem; none throws.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm, stat, statfs, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { checkWebGpu, inspectVulkanInstall, onnxruntimeNodeDir, probeProvider, type DevicePreference, type ProbeResult, type WebGpuStatus } from '@promptjam/diffusion';
import type { Check } from '../checkReport.js';
import { formatBytes } from '../formatBytes.js';
import type { PortOwnerProbe } from './portOwner.js';

/** Oldest Node the project supports (root package.json `engines`). */
export const MIN_NODE_VERSION = [20, 9] as const;
/** Below this much free space in the data dir, the doctor warns. */
export const LOW_DISK_BYTES = 1024 ** 3;

/** `--device` as the server takes it. */
export type DeviceChoice = DevicePreference;

/** Node's version against {@link MIN_NODE_VERSION}. */
export function checkNode(version: string = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor, needMinor] = MIN_NODE_VERSION;
  const ok = major > needMajor || (major === needMajor && minor >= needMinor);
  return ok
    ? { name: 'node', status: 'ok', detail: `v${version}` }
    : { name: 'node', status: 'error', detail: `v${version}, need >= ${needMajor}.${needMinor}`, fix: 'install Node.js 20 LTS or newer (https://nodejs.org, or nodesource / nvm)' };
}

/** The installed onnxruntime-node and whether its CUDA provider libraries are present. */
export function checkOnnxruntime(): Check {
  try {
    const dir = onnxruntimeNodeDir();
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    const cudaLibs = existsSync(join(cudaLibraryDir(dir), 'libonnxruntime_providers_cuda.so'));
    return { name: 'onnxruntime-node', status: 'ok', detail: `${version} at ${dir}${process.platform === 'linux' ? `; CUDA provider libraries ${cudaLibs ? 'installed' : 'not installed'}` : ''}` };
  } catch (error) {
    return { name: 'onnxruntime-node', status: 'error', detail: (error as Error).message, fix: 'run `pnpm install` at the repository root' };
  }
}

function cudaLibraryDir(ortDir: string): string {
  return join(ortDir, 'bin', 'napi-v6', process.platform, process.arch);
}

/** The command that installs onnxruntime-node's CUDA provider libraries (pnpm does not run its postinstall). */
export function cudaInstallCommand(): string {
  let dir = '<onnxruntime-node dir>';
  try {
    dir = onnxruntimeNodeDir();
  } catch {
    // reported by checkOnnxruntime
  }
  return `ONNXRUNTIME_NODE_INSTALL=cuda12 node ${join(dir, 'script', 'install.js')}`;
}

/** Turns one provider probe into a check; CUDA/TensorRT failures are errors only when `--device cuda` asks for them. */
export function providerCheck(result: ProbeResult, device: DeviceChoice): Check {
  const name = `provider ${result.provider}`;
  if (result.ok) return { name, status: 'ok', detail: `session created and ran in ${Math.round(result.ms)} ms` };
  const detail = [result.error, result.nativeDetail].filter(Boolean).join(': ');
  if (result.provider === 'cpu') {
    return { name, status: 'error', detail, fix: 'reinstall dependencies (`pnpm install`); the CPU provider is bundled with onnxruntime-node' };
  }
  const missingOrtLibs = /libonnxruntime_providers/.test(detail);
  const fix = missingOrtLibs
    ? `install onnxruntime-node's CUDA 12 provider libraries: \`${cudaInstallCommand()}\` (docs/DEPLOY.md)`
    : result.provider === 'tensorrt'
      ? 'optional: install TensorRT 10 libraries for CUDA 12 if you want the TensorRT provider; CUDA alone is enough'
      : 'install the CUDA 12.x runtime and cuDNN 9.x and make them findable (ldconfig or LD_LIBRARY_PATH); see docs/DEPLOY.md';
  const required = device === 'cuda' && result.provider === 'cuda';
  const consequence = result.provider === 'cuda' && !required ? ' (frames would render on CPU: slow)' : '';
  const check: Check = { name, status: required ? 'error' : 'warn', detail: `${detail}${consequence}`, fix };
  if (missingOrtLibs && !required) check.noGpu = 'CUDA provider libraries not installed';
  return check;
}

/**
 * Turns the engine's WebGPU probe into a check: an error only when `--device webgpu` asks for it. onnxruntime-node
 * 1.30 tells nothing about the adapter it found (no adapter info in its API or logs), so the detail names what
 * the Vulkan loader sees: the loader and the driver manifests (the `gpu` check names NVIDIA GPUs).
 */
export function webgpuCheck(status: WebGpuStatus, device: DeviceChoice, vulkan: { loader?: string; icdManifests: readonly string[] }): Check {
  const name = 'provider webgpu';
  const drivers = process.platform === 'linux' ? `; Vulkan loader ${vulkan.loader ?? 'missing'}, drivers ${vulkan.icdManifests.join(', ') || 'none'}` : '';
  if (status.available) return { name, status: 'ok', detail: `adapter found: session created and ran in ${Math.round(status.ms)} ms${drivers}` };
  const consequence = device === 'auto' ? ' (frames would render on CPU unless CUDA loads: slow)' : '';
  const check: Check = { name, status: device === 'webgpu' ? 'error' : 'warn', detail: `no adapter (${status.reason}): ${status.detail}${consequence}`, fix: status.fix };
  // A probe that crashed is a broken driver, worth its own line; the rest say no GPU is set up for WebGPU.
  if (device !== 'webgpu' && status.reason !== 'probe-failed') check.noGpu = `no WebGPU adapter (${status.reason})`;
  return check;
}

/** Probes cpu, cuda, tensorrt and webgpu (in sequence: each loads onnxruntime in its own process). */
export async function checkProviders(device: DeviceChoice): Promise<Check[]> {
  const checks: Check[] = [];
  for (const provider of ['cpu', 'cuda', 'tensorrt'] as const) {
    if (device === 'cpu' && provider !== 'cpu') continue;
    if (device === 'webgpu' && provider !== 'cpu') continue;
    checks.push(providerCheck(await probeProvider(provider), device));
  }
  if (device === 'auto' || device === 'webgpu') {
    checks.push(webgpuCheck(await checkWebGpu(), device, inspectVulkanInstall()));
  }
  return checks;
}

/** GPUs as `nvidia-smi` sees them. `command` is injectable for tests. */
export function checkGpu(device: DeviceChoice, command = 'nvidia-smi'): Promise<Check> {
  // WebGPU also runs on AMD and Intel GPUs, which nvidia-smi does not see: only --device cuda requires it.
  const status = device === 'cuda' ? 'error' : 'warn';
  return new Promise((resolvePromise) => {
    execFile(command, ['--query-gpu=name,driver_version,memory.total,memory.used', '--format=csv,noheader'], { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        const check: Check = { name: 'gpu', status: device === 'cpu' ? 'ok' : status, detail: `${command} not found: no NVIDIA GPU visible`, fix: 'install the NVIDIA driver (it provides nvidia-smi); in a container, run with --gpus all / the NVIDIA container toolkit' };
        if (check.status === 'warn') check.noGpu = 'no NVIDIA GPU visible';
        resolvePromise(check);
      } else if (error) {
        resolvePromise({ name: 'gpu', status, detail: `${command} failed: ${(stderr || stdout || error.message).trim().split('\n')[0]}`, fix: 'the NVIDIA driver is not working: check `nvidia-smi`, reboot after a driver upgrade' });
      } else {
        const gpus = stdout.trim().split('\n').filter(Boolean);
        resolvePromise({ name: 'gpu', status: 'ok', detail: gpus.join('; ') || 'nvidia-smi lists no GPU' });
      }
    });
  });
}

/**
 * Whether `port` can be bound on `host` right now. A port in use that `owner` recognises (promptjam itself, see
 * `portOwner.ts`) is ok and says who holds it: the doctor run beside a running promptjam is no failure.
 */
export function checkPort(label: string, port: number, host = '0.0.0.0', envName?: string, owner?: PortOwnerProbe): Promise<Check> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', async (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE';
      const heldBy = inUse && owner !== undefined ? await owner(port) : undefined;
      if (heldBy !== undefined) {
        resolvePromise({ name: `port ${port}`, status: 'ok', detail: `${label}: in use by ${heldBy}` });
        return;
      }
      resolvePromise({
        name: `port ${port}`,
        status: 'error',
        detail: `${label}: ${inUse ? 'already in use' : error.message}`,
        fix: inUse
          ? `stop what listens there (\`ss -ltnp 'sport = :${port}'\`) or pick another port${envName ? ` (${envName})` : ''}`
          : `use a port above 1023 or run with the needed privileges${envName ? ` (${envName})` : ''}`,
      });
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => resolvePromise({ name: `port ${port}`, status: 'ok', detail: `${label}: free` }));
    });
  });
}

/** The data directory exists and is writable, or can be created; warns when the disk is nearly full. */
export async function checkDataDir(dataDir: string): Promise<Check> {
  const dir = resolve(dataDir);
  const name = 'data dir';
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    if (!(await stat(existing)).isDirectory()) {
      return { name, status: 'error', detail: `${existing} is not a directory`, fix: 'point --data-dir / PROMPTJAM_DATA_DIR at a directory' };
    }
    const probe = join(existing, `.promptjam-doctor-${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
    const fs = await statfs(existing);
    const free = fs.bavail * fs.bsize;
    const where = existing === dir ? dir : `${dir} (will be created in ${existing})`;
    if (free < LOW_DISK_BYTES) {
      return { name, status: 'warn', detail: `${where}: writable, only ${formatBytes(free)} free`, fix: 'free disk space: room documents and last frames are stored here' };
    }
    return { name, status: 'ok', detail: `${where}: writable, ${formatBytes(free)} free` };
  } catch (error) {
    return { name, status: 'error', detail: `${existing}: ${(error as Error).message}`, fix: `make it writable by this user (\`chown -R $(id -u) ${existing}\`) or set --data-dir / PROMPTJAM_DATA_DIR` };
  }
}

