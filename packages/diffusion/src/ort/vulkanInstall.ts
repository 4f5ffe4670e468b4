/**
 * What the Vulkan loader would find on this Linux host, read from the file system the way the loader and the
 * dynamic linker search it, so a failed WebGPU probe can say which half is missing: the loader
 * (`libvulkan.so.1`, Debian's `libvulkan1`) or a driver's ICD manifest (`icd.d/*.json`, shipped by the GPU
 * vendor's driver: NVIDIA's `nvidia_icd.json`, Mesa's `radeon_icd`/`intel_icd` ...). Dawn, inside
 * onnxruntime-node's `libonnxruntime.so.1`, drives the GPU through Vulkan on Linux.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The loader's shared library, as Dawn opens it. */
export const VULKAN_LOADER_SONAME = 'libvulkan.so.1';

/** Where Linux distributions put shared libraries (multiarch and classic layouts). */
const LIBRARY_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/lib', '/usr/local/lib'];

/** The Vulkan loader's ICD manifest search path (Vulkan-Loader's LoaderInterfaceArchitecture.md, Linux). */
function icdSearchDirs(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? '';
  const configHome = env.XDG_CONFIG_HOME ?? (home ? join(home, '.config') : '');
  const dataHome = env.XDG_DATA_HOME ?? (home ? join(home, '.local', 'share') : '');
  const configDirs = (env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(':');
  const dataDirs = (env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':');
  return [configHome, ...configDirs, '/etc', dataHome, ...dataDirs].filter(Boolean).map((dir) => join(dir, 'vulkan', 'icd.d'));
}

/** What the loader would see. */
export interface VulkanInstall {
  /** Path of `libvulkan.so.1` if the dynamic linker can find it. */
  loader?: string;
  /** ICD manifests (driver JSON files) the loader would read. */
  icdManifests: string[];
  /** The environment variable that overrides the manifest search, when one is set. */
  icdOverride?: string;
}

function findLoader(env: NodeJS.ProcessEnv): string | undefined {
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIBRARY_DIRS];
  const direct = dirs.map((dir) => join(dir, VULKAN_LOADER_SONAME)).find((path) => existsSync(path));
  if (direct) return direct;
  try {
    // The linker cache also covers /etc/ld.so.conf.d entries (e.g. /usr/local/nvidia/lib64 in GPU containers).
    const cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const line = cache.split('\n').find((l) => l.trim().startsWith(`${VULKAN_LOADER_SONAME} `));
    return line?.split('=>')[1]?.trim();
  } catch {
    return undefined;
  }
}

function manifestsIn(pathList: string): string[] {
  return pathList.split(':').filter(Boolean).flatMap((entry) => {
    if (entry.endsWith('.json')) return existsSync(entry) ? [entry] : [];
    try {
      return readdirSync(entry).filter((f) => f.endsWith('.json')).map((f) => join(entry, f));
    } catch {
      return [];
    }
  });
}

/** Reads what the Vulkan loader would find; never throws. Only meaningful on Linux. */
export function inspectVulkanInstall(env: NodeJS.ProcessEnv = process.env): VulkanInstall {
  const overrideName = ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES'].find((name) => env[name]);
  const icdManifests = overrideName
    ? manifestsIn(env[overrideName]!)
    : [...new Set(icdSearchDirs(env).flatMap((dir) => manifestsIn(dir)))];
  if (!overrideName && env.VK_ADD_DRIVER_FILES) icdManifests.push(...manifestsIn(env.VK_ADD_DRIVER_FILES));
  const loader = findLoader(env);
  return { ...(loader ? { loader } : {}), icdManifests, ...(overrideName ? { icdOverride: overrideName } : {}) };
}
