/**
 * The GPU-check bundle's manifest: every carried file with its size and sha256, plus what was packed (versions,
 * commits). `manifest.json` is for people; `MANIFEST.sha256` is the same list in `sha256sum -c` form, which
 * gpu/run.sh checks first on the GPU host (a bundle copied over a slow link can arrive truncated).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** One carried file. */
export interface ManifestFile {
  /** `/`-separated path relative to the bundle root. */
  path: string;
  bytes: number;
  sha256: string;
}

/** What the bundle holds. */
export interface BundleManifest {
  createdAt: string;
  /** Versions and commits of what was packed, e.g. `{ node: 'v20.20.2', promptjam: '<git sha>' }`. */
  packed: Record<string, string>;
  files: ManifestFile[];
}

/** Files whose checksums the manifest does not list (the manifests themselves). */
export const MANIFEST_FILES = ['manifest.json', 'MANIFEST.sha256'] as const;

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Lists every regular file under `root` (sorted, manifests left out) with size and sha256. */
export async function listBundleFiles(root: string): Promise<ManifestFile[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: ManifestFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(root, full).split(sep).join('/');
    if ((MANIFEST_FILES as readonly string[]).includes(path)) continue;
    files.push({ path, bytes: (await stat(full)).size, sha256: await sha256Of(full) });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The manifest of `root`'s files. */
export async function buildManifest(root: string, packed: Record<string, string>, now: Date = new Date()): Promise<BundleManifest> {
  return { createdAt: now.toISOString(), packed, files: await listBundleFiles(root) };
}

/** The manifest as `sha256sum -c` reads it: `<hash>  <path>` per line. */
export function sha256sumText(manifest: BundleManifest): string {
  return manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

/** Files the GPU host's run.sh cannot do without; the packer refuses to finish a bundle missing one. */
export const REQUIRED_BUNDLE_FILES = [
  'run.sh',
  'unpack.py',
  'build_models.py',
  'sd_configs.py',
  'onnx_fp16.py',
  'carry/node.xz',
  'carry/promptjam.tar.xz',
  'carry/diffusers-src.tar.xz',
] as const;

/** Required files the manifest lacks, plus the Vulkan loader's .deb unless `withDebs` is false. */
export function missingBundleFiles(manifest: BundleManifest, withDebs = true): string[] {
  const paths = new Set(manifest.files.map((f) => f.path));
  const missing: string[] = REQUIRED_BUNDLE_FILES.filter((path) => !paths.has(path));
  if (withDebs && !manifest.files.some((f) => /^carry\/debs\/libvulkan1_.*\.deb$/.test(f.path))) missing.push('carry/debs/libvulkan1_*.deb');
  return missing;
}
