/**
 * Packs the GPU-check bundle on a development machine (Linux x64, the repository built): the GPU host has Python
 * with torch but no node, no diffusers and no network, so everything else travels:
 * - `carry/node.xz`: this node binary;
 * - `carry/promptjam.tar.xz`: `pnpm deploy` of @promptjam/cli (production dependencies only), native packages
 *   pruned to their Linux x64 libraries (onnxruntime-node's WebGPU provider is inside `libonnxruntime.so.1`), and
 *   CLIP's vocabulary in `clip-tokenizer/`;
 * - `carry/diffusers-src.tar.xz`: `src/diffusers` from a diffusers git snapshot (never committed to this project);
 * - `carry/debs/libvulkan1_*.deb`: Debian's Vulkan loader (`apt-get download`), unpacked there only if missing;
 * - our gpu/ scripts, `manifest.json` and `MANIFEST.sha256`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildManifest, missingBundleFiles, sha256sumText, type BundleManifest } from './bundleManifest.js';

/** Options of {@link packBundle}. */
export interface PackOptions {
  /** The promptjam repository (built). */
  repoDir: string;
  /** Where the bundle goes (emptied first). */
  outDir: string;
  /** A diffusers git checkout or bare repository. */
  diffusersGit: string;
  /** Folder with CLIP's vocab.json and merges.txt. */
  tokenizerDir: string;
  /** Download Debian's libvulkan1 .deb (needs apt); default true. */
  withDebs?: boolean;
  log?: (line: string) => void;
}

/** A step of the packing failed; the message says what to install or pass. */
export class PackError extends Error {
  override name = 'PackError';
}

function run(command: string, args: readonly string[], options: { cwd?: string } = {}): string {
  const result = spawnSync(command, args, { cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new PackError(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new PackError(`${command} ${args.join(' ')} exited ${result.status}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}`);
  return result.stdout.trim();
}

/**
 * `command ... | xz -9e > destination`, through the shell's pipe (the archives are hundreds of MB). The strongest
 * preset, single-threaded (xz's threads split the input and compress worse): the bundle must fit a 64 MiB transfer.
 */
function pipeToXz(command: string, destination: string, cwd?: string): void {
  if (spawnSync('xz', ['--version']).status !== 0) throw new PackError('xz not found: install it (`apt-get install xz-utils`)');
  execFileSync('bash', ['-o', 'pipefail', '-c', `${command} | xz -T1 -9e > '${destination}'`], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * What the GPU host never loads: other platforms' native libraries (onnxruntime-node and classic-level ship every
 * platform's) and TypeScript declarations that production dependencies drag in. Linux x64 only stays.
 */
async function pruneDeploy(deployDir: string): Promise<void> {
  const store = join(deployDir, 'node_modules', '.pnpm');
  for (const entry of await readdir(store)) {
    if (entry.startsWith('@types+')) await rm(join(store, entry), { recursive: true, force: true });
    if (entry.startsWith('onnxruntime-node@')) {
      const napi = join(store, entry, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
      for (const platform of await readdir(napi)) {
        if (platform !== 'linux') await rm(join(napi, platform), { recursive: true, force: true });
        else for (const arch of await readdir(join(napi, platform))) if (arch !== 'x64') await rm(join(napi, platform, arch), { recursive: true, force: true });
      }
    }
    if (entry.startsWith('classic-level@')) {
      const prebuilds = join(store, entry, 'node_modules', 'classic-level', 'prebuilds');
      for (const platform of existsSync(prebuilds) ? await readdir(prebuilds) : []) if (platform !== 'linux-x64') await rm(join(prebuilds, platform), { recursive: true, force: true });
    }
  }
}

/** Packs the bundle and returns its manifest. Throws {@link PackError} naming the missing tool or input. */
export async function packBundle(options: PackOptions): Promise<BundleManifest> {
  const { repoDir, outDir, diffusersGit, tokenizerDir, withDebs = true, log = () => {} } = options;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new PackError(`the bundle carries Linux x64 binaries; pack it on Linux x64 (this is ${process.platform}-${process.arch})`);
  if (!existsSync(join(repoDir, 'apps', 'cli', 'dist', 'main.js'))) throw new PackError('apps/cli is not built: run `pnpm build` first');
  for (const file of ['vocab.json', 'merges.txt']) if (!existsSync(join(tokenizerDir, file))) throw new PackError(`--tokenizer: expected ${file} in ${tokenizerDir}`);
  const diffusersCommit = run('git', ['-C', diffusersGit, 'rev-parse', 'HEAD']);

  await rm(outDir, { recursive: true, force: true });
  const carry = join(outDir, 'carry');
  await mkdir(carry, { recursive: true });
  const gpuDir = join(repoDir, 'apps', 'gpu-check', 'gpu');
  for (const file of await readdir(gpuDir)) await copyFile(join(gpuDir, file), join(outDir, file));

  log(`node ${process.version} -> carry/node.xz`);
  pipeToXz(`cat '${process.execPath}'`, join(carry, 'node.xz'));

  log('pnpm deploy @promptjam/cli (production dependencies) -> carry/promptjam.tar.xz');
  const staging = await mkdtemp(join(tmpdir(), 'promptjam-gpu-check-'));
  try {
    run('pnpm', ['--filter', '@promptjam/cli', 'deploy', '--prod', '--legacy', join(staging, 'promptjam')], { cwd: repoDir });
    await pruneDeploy(join(staging, 'promptjam'));
    // CLIP's vocabulary travels inside the compressed tree (2 MB of JSON and text), so real prompts tokenize there.
    await mkdir(join(staging, 'promptjam', 'clip-tokenizer'));
    for (const file of ['vocab.json', 'merges.txt']) await copyFile(join(tokenizerDir, file), join(staging, 'promptjam', 'clip-tokenizer', file));
    pipeToXz('tar -cf - promptjam', join(carry, 'promptjam.tar.xz'), staging);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }

  log(`diffusers ${diffusersCommit.slice(0, 12)} src/diffusers -> carry/diffusers-src.tar.xz`);
  pipeToXz(`git -C '${diffusersGit}' archive --format=tar HEAD src/diffusers`, join(carry, 'diffusers-src.tar.xz'));

  if (withDebs) {
    log('apt-get download libvulkan1 -> carry/debs/');
    await mkdir(join(carry, 'debs'), { recursive: true });
    run('apt-get', ['download', 'libvulkan1'], { cwd: join(carry, 'debs') });
  }

  const packed = {
    node: process.version,
    promptjam: run('git', ['-C', repoDir, 'rev-parse', 'HEAD']),
    diffusers: diffusersCommit,
    onnxruntimeNode: JSON.parse(run('node', ['-p', "JSON.stringify(require('onnxruntime-node/package.json').version)"], { cwd: join(repoDir, 'packages', 'diffusion') })) as string,
  };
  const manifest = await buildManifest(outDir, packed);
  const missing = missingBundleFiles(manifest, withDebs);
  if (missing.length > 0) throw new PackError(`the bundle lacks ${missing.join(', ')}`);
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(outDir, 'MANIFEST.sha256'), sha256sumText(manifest));
  await cp(join(repoDir, 'apps', 'gpu-check', 'README.md'), join(outDir, 'README.md'));
  return manifest;
}
