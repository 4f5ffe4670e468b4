import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh data directory under the OS temp folder. */
export function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'promptjam-server-'));
}

/** Removes a data directory made by {@link makeDataDir}. */
export function removeDataDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}
