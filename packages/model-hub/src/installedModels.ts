/**
 * What is installed under the models root: every folder holding a `model_index.json` (up to two levels deep,
 * so `models/demo/sdxl-tiny` is found), whether a fetch completed it (install marker) or it was put there by hand
 * or generated, and unfinished downloads (staging folders) that a rerun of `fetch` would resume.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { readInstallMarker, type InstallMarker } from './installMarker.js';
import { stagedModelName } from './stagingDir.js';

/** Folders of the models package itself, never model folders. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'src', 'dist', 'coverage', 'test']);
/** How deep under the root to look for `model_index.json`. */
const MAX_DEPTH = 2;

/** One model folder (or unfinished download) under the models root. */
export interface InstalledModel {
  /** Path relative to the models root, `/`-separated (e.g. `sdxl-turbo`, `demo/sdxl-tiny`). */
  name: string;
  dir: string;
  /** `fetched`: completed by `models fetch` (has a marker); `local`: generated or copied in; `incomplete`: an unfinished fetch. */
  status: 'fetched' | 'local' | 'incomplete';
  /** Total bytes of the folder's files. */
  bytes: number;
  /** model_index.json's `_class_name`, when readable. */
  pipelineClass: string | undefined;
  /** True for the generated demo model (`"_promptjam_demo": true`). */
  demo: boolean;
  marker: InstallMarker | undefined;
}

/** Sum of the sizes of every file under `dir`. */
export async function folderBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  let total = 0;
  for (const entry of entries) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function readModelIndex(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    const body = JSON.parse(await readFile(join(dir, 'model_index.json'), 'utf8')) as unknown;
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : {};
  }
}

/** Lists model folders and unfinished downloads under `root`, sorted by name. A missing root is an empty list. */
export async function listInstalledModels(root: string): Promise<InstalledModel[]> {
  const found: InstalledModel[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SKIPPED_FOLDERS.has(entry.name)) continue;
      const full = join(dir, entry.name);
      const staged = stagedModelName(entry.name);
      if (staged !== undefined) {
        const name = relative(root, join(dir, staged)).split(sep).join('/');
        found.push({ name, dir: full, status: 'incomplete', bytes: await folderBytes(full), pipelineClass: undefined, demo: false, marker: undefined });
        continue;
      }
      if (entry.name.startsWith('.')) continue;
      const index = await readModelIndex(full);
      if (index) {
        const marker = await readInstallMarker(full).catch(() => undefined);
        found.push({
          name: relative(root, full).split(sep).join('/'),
          dir: full,
          status: marker ? 'fetched' : 'local',
          bytes: await folderBytes(full),
          pipelineClass: typeof index._class_name === 'string' ? index._class_name : undefined,
          demo: index._promptjam_demo === true,
          marker,
        });
      } else if (depth < MAX_DEPTH) {
        await visit(full, depth + 1);
      }
    }
  };
  await visit(root, 1);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
