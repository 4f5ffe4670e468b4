/**
 * Vitest global setup shared by every package: each test run works in a temporary directory of its own
 * (TMPDIR, which `os.tmpdir()` and child processes read), removed when the run ends. The tests make many
 * model folders, stores and data directories; this keeps them from piling up in the machine's /tmp.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function setup(): Promise<() => Promise<void>> {
  const runDir = await mkdtemp(join(tmpdir(), 'promptjam-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  return async () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    await rm(runDir, { recursive: true, force: true, maxRetries: 3 });
  };
}
