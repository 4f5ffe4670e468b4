/**
 * The staging folder a fetch writes into (a hidden sibling of the destination, so the final rename stays on one
 * file system) and its resume ledger: which files are already complete and verified, with their hashes, so a
 * rerun skips them without hashing gigabytes again and never keeps a file from another revision.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { DiskError, ModelHubError } from './errors.js';
import type { HubFile } from './HubClient.js';

/** Ledger file inside the staging folder; removed before the folder is moved into place. */
export const FETCH_LEDGER_FILE = '.promptjam-fetch.json';

/** Where a fetch into `destination` stages its files: `<parent>/.<name>.download`. */
export function stagingDirFor(destination: string): string {
  return join(dirname(destination), `.${basename(destination)}.download`);
}

/** True for a models-root entry that is a staging folder (an unfinished download), and the model it belongs to. */
export function stagedModelName(entryName: string): string | undefined {
  return /^\.(.+)\.download$/.exec(entryName)?.[1];
}

/** A verified file in the ledger. */
export interface LedgerEntry {
  size: number;
  sha256: string;
  gitOid: string | undefined;
}

/** Verified files of an unfinished fetch, persisted after each file so a crash loses at most the files in flight. */
export class FetchLedger {
  private readonly entries: Map<string, LedgerEntry>;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly stagingDir: string,
    entries: Map<string, LedgerEntry>,
  ) {
    this.entries = entries;
  }

  /** Loads the ledger of `stagingDir`; an absent or unreadable ledger is an empty one (files get fetched again). */
  static async load(stagingDir: string): Promise<FetchLedger> {
    const entries = new Map<string, LedgerEntry>();
    try {
      const body = JSON.parse(await readFile(join(stagingDir, FETCH_LEDGER_FILE), 'utf8')) as { files?: unknown };
      for (const [path, entry] of Object.entries((body.files ?? {}) as Record<string, Partial<LedgerEntry>>)) {
        if (Number.isSafeInteger(entry.size) && typeof entry.sha256 === 'string') {
          entries.set(path, { size: entry.size!, sha256: entry.sha256, gitOid: entry.gitOid ?? undefined });
        }
      }
    } catch {
      // no ledger yet, or a torn one: start from what the partial files hold
    }
    return new FetchLedger(stagingDir, entries);
  }

  /** The ledger entry for `file` when the staged copy is the same content the hub now lists, else undefined. */
  async completed(file: HubFile): Promise<LedgerEntry | undefined> {
    const entry = this.entries.get(file.path);
    if (!entry) return undefined;
    const sameContent = file.sha256 !== undefined ? entry.sha256 === file.sha256 : entry.gitOid === file.gitOid;
    if (!sameContent || (file.size !== undefined && entry.size !== file.size)) return undefined;
    try {
      return (await stat(join(this.stagingDir, file.path))).size === entry.size ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records a verified file and persists the ledger (writes are serialised, each atomic). */
  record(path: string, entry: LedgerEntry): Promise<void> {
    this.entries.set(path, entry);
    const body = `${JSON.stringify({ files: Object.fromEntries(this.entries) })}\n`;
    const target = join(this.stagingDir, FETCH_LEDGER_FILE);
    this.writing = this.writing.then(async () => {
      await writeFile(`${target}.tmp`, body);
      await rename(`${target}.tmp`, target);
    });
    return this.writing;
  }

  /** Deletes the ledger (just before the staging folder becomes the model folder). */
  async remove(): Promise<void> {
    await this.writing;
    await rm(join(this.stagingDir, FETCH_LEDGER_FILE), { force: true });
  }
}

/** Deletes every file under `dir` whose relative path is not in `keep` (stale partials, files of other revisions). */
export async function removeStrayFiles(dir: string, keep: ReadonlySet<string>): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join('/');
    if (!keep.has(path)) await rm(full, { force: true });
  }
}

/** Another `models fetch` is writing the same destination right now. */
export class FetchInProgressError extends ModelHubError {
  override name = 'FetchInProgressError';
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(`${lockPath}: another fetch (pid ${pid}) is downloading this model`, `wait for it to finish, or stop process ${pid}`);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folder beside the destination that holds fetch locks (a folder, so `models/*\/` in .gitignore covers it). */
export const LOCK_FOLDER = '.promptjam-locks';

/** Path of the lock of a fetch into `destination`. */
export function lockPathFor(destination: string): string {
  return join(dirname(destination), LOCK_FOLDER, `${basename(destination)}.lock`);
}

/**
 * Takes the lock of a destination (a file holding our pid) so two fetches never write one staging folder; a lock
 * left by a dead process is taken over. Resolves to the release function.
 */
export async function lockDestination(destination: string): Promise<() => Promise<void>> {
  const lockPath = lockPathFor(destination);
  await mkdir(dirname(lockPath), { recursive: true }).catch((error: unknown) => {
    throw DiskError.wrap(error, dirname(lockPath));
  });
  const release = async (): Promise<void> => {
    await rm(lockPath, { force: true });
    await rmdir(dirname(lockPath)).catch(() => {}); // only when no other fetch holds a lock there
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw DiskError.wrap(error, lockPath);
      const pid = Number(await readFile(lockPath, 'utf8').catch(() => ''));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) throw new FetchInProgressError(lockPath, pid);
      await rm(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new FetchInProgressError(lockPath, 0);
}
