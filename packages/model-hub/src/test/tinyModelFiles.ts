/**
 * A tiny SDXL model repository for the download tests, in memory: a real folder from @promptjam/models'
 * `writeTinyModel` (the real exports' file and tensor names, loadable by the engine), plus files a repository has that a fetch must leave out
 * (README, `.gitattributes`, a sample image).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { writeTinyModel } from '@promptjam/models';

/** UNet cost blocks, so the UNet is not the smallest graph (the blocks share weights, so the file stays small). */
const COST_BLOCKS = 6;

/** Path of the largest file in `files` (the resume and slow-server tests need one that spans many chunks). */
export function largestFile(files: ReadonlyMap<string, Buffer>): string {
  let best = '';
  let size = -1;
  for (const [path, bytes] of files) {
    if (bytes.length > size && path.endsWith('.onnx')) [best, size] = [path, bytes.length];
  }
  return best;
}

/** Deterministic pseudo-random bytes (sha256 in counter mode). */
function pseudoRandomBytes(length: number, seed: string): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i += 1) blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

/** Writes a tiny SDXL float32 model and returns the repository's files by path. */
export async function tinyModelRepoFiles(): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'promptjam-tiny-repo-'));
  try {
    await writeTinyModel({ dir, type: 'sdxl', dtype: 'float32', costScale: COST_BLOCKS, displayName: 'tiny test repo' });
    const files = new Map<string, Buffer>([
      ['.gitattributes', Buffer.from('*.onnx filter=lfs diff=lfs merge=lfs -text\n')],
      ['README.md', Buffer.from('# tiny test model\n')],
      ['images/sample.png', pseudoRandomBytes(4096, 'png')],
    ]);
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      files.set(relative(dir, full).split(sep).join('/'), await readFile(full));
    }
    return files;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
