/**
 * What a benchmark ran on: results from a shared 2-core VM and from a GPU host must never be confused,
 * so every results file carries the CPU, memory, runtime versions, the git commit and the date.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';

/** The machine and software a run was measured on. */
export interface MachineInfo {
  cpuModel: string;
  /** Logical cores the OS reports. */
  cores: number;
  /** 1-minute load average at the start of the run (other work on a shared machine shows up here). */
  loadAverage1m: number;
  totalMemoryBytes: number;
  platform: string;
  arch: string;
  kernel: string;
  nodeVersion: string;
  v8Version: string;
  /** onnxruntime-node's package version, or null when it cannot be found. */
  onnxruntimeVersion: string | null;
  /** `git rev-parse HEAD`, or null outside a git checkout. */
  gitCommit: string | null;
  /** True when tracked files had uncommitted changes at the start of the run. */
  gitDirty: boolean | null;
  /** An NVIDIA GPU as `nvidia-smi` names it, or null when none is visible. */
  gpu: string | null;
  /** ISO 8601 start time of the run. */
  date: string;
}

/**
 * Finds an installed package's version by resolving it from `fromFile` and walking up to its package.json.
 * onnxruntime-node is a dependency of @promptjam/diffusion, not of the server, so it is looked up from there.
 */
export function findPackageVersion(name: string, fromFile: string): string | null {
  try {
    let dir = dirname(createRequire(fromFile).resolve(name));
    for (let depth = 0; depth < 8; depth += 1) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (parsed.name === name && typeof parsed.version === 'string') return parsed.version;
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed where expected: reported as null
  }
  return null;
}

function onnxruntimeVersion(): string | null {
  const fromHere = findPackageVersion('onnxruntime-node', import.meta.url);
  if (fromHere) return fromHere;
  try {
    const diffusionEntry = createRequire(import.meta.url).resolve('@promptjam/diffusion');
    return findPackageVersion('onnxruntime-node', diffusionEntry);
  } catch {
    return null;
  }
}

function run(command: string, args: string[], cwd: string): string | null {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 }).trim();
  } catch {
    return null;
  }
}

/** Names the first NVIDIA GPU, or null when `nvidia-smi` is absent or sees none (this VM has none). */
export function detectGpu(): string | null {
  const name = run('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], process.cwd());
  return name ? (name.split('\n')[0] ?? null) : null;
}

/** Collects {@link MachineInfo}; `repoDir` is where git is asked for the commit. */
export function collectMachineInfo(repoDir: string): MachineInfo {
  const cpus = os.cpus();
  const status = run('git', ['status', '--porcelain', '--untracked-files=no'], repoDir);
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    loadAverage1m: os.loadavg()[0] ?? 0,
    totalMemoryBytes: os.totalmem(),
    platform: os.platform(),
    arch: os.arch(),
    kernel: os.release(),
    nodeVersion: process.version,
    v8Version: process.versions.v8,
    onnxruntimeVersion: onnxruntimeVersion(),
    gitCommit: run('git', ['rev-parse', 'HEAD'], repoDir),
    gitDirty: status === null ? null : status.length > 0,
    gpu: detectGpu(),
    date: new Date().toISOString(),
  };
}

/** One line for the console and the docs, e.g. `AMD EPYC, 2 cores, 23.5 GiB, node v20.20.2, ort 1.30.0`. */
export function describeMachine(info: MachineInfo): string {
  const gib = (info.totalMemoryBytes / 1024 ** 3).toFixed(1);
  const gpu = info.gpu ?? 'no GPU';
  return `${info.cpuModel}, ${info.cores} cores, ${gib} GiB, ${gpu}, node ${info.nodeVersion}, onnxruntime-node ${info.onnxruntimeVersion ?? 'not found'}`;
}
