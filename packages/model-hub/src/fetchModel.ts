/**
 * `models fetch`, as a function: list the repository at a revision, keep the files the engine needs, download
 * them in parallel into a staging folder (resuming what an earlier run left), verify each, write the install
 * marker, and only then move the folder into place. A model folder is either complete or absent.
 */
import { mkdir, rename, rm, stat, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { selectEngineFiles } from './catalogue.js';
import { DestinationExistsError, DiskError, HubResponseError } from './errors.js';
import { DEFAULT_RETRIES, DEFAULT_RETRY_DELAY_MS, DEFAULT_STALL_TIMEOUT_MS, downloadFile, partialPathFor } from './fileDownload.js';
import type { HubClient, HubFile, HubListing } from './HubClient.js';
import { INSTALL_MARKER_VERSION, readInstallMarker, writeInstallMarker, type InstallMarker, type MarkerFile } from './installMarker.js';
import { FetchLedger, lockDestination, removeStrayFiles, stagingDirFor } from './stagingDir.js';

/** Files downloaded at once by default. */
export const DEFAULT_FETCH_CONCURRENCY = 4;

/** Progress of a fetch, for a reporter. Byte counts are per file and include resumed bytes. */
export type FetchEvent =
  | {
      type: 'listed';
      commit: string;
      files: ReadonlyArray<{ path: string; size: number | undefined }>;
      totalBytes: number;
      /** Files the hub gave no content hash for (no `lfs.sha256`, no `blobId` of a non-LFS file): size-checked only. */
      unhashed: readonly string[];
    }
  | { type: 'file-start'; path: string; size: number | undefined }
  | { type: 'file-progress'; path: string; received: number; size: number | undefined }
  | { type: 'file-retry'; path: string; attempt: number; reason: string }
  | { type: 'file-done'; path: string; size: number; reused: boolean };

/** Options of {@link fetchModel}. */
export interface FetchModelOptions {
  client: HubClient;
  repo: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** The model folder to create or replace. */
  destination: string;
  concurrency?: number;
  retries?: number;
  retryDelayMs?: number;
  stallTimeoutMs?: number;
  /** Replace a destination that has no install marker. */
  force?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: FetchEvent) => void;
}

/** What a fetch did. */
export interface FetchModelResult {
  destination: string;
  commit: string;
  files: MarkerFile[];
  /** True when the destination already held this commit and nothing was downloaded. */
  upToDate: boolean;
}

/** Fetches a model folder; see the module comment. Rejects with the first file's error, leaving the staging folder to resume. */
export async function fetchModel(options: FetchModelOptions): Promise<FetchModelResult> {
  const { client, repo, destination } = options;
  const revision = options.revision ?? 'main';
  const listing = await client.listFiles(repo, revision);
  const files = selectEngineFiles(listing.files);
  if (!files.some((file) => file.path.endsWith('.onnx'))) {
    const where = `${client.endpoint}/${repo}@${listing.commit}`;
    throw new HubResponseError(where, 'ONNX graphs (*.onnx) in the repository', `${listing.files.length} files, none of them .onnx`);
  }
  const emit = options.onEvent ?? (() => {});
  const totalBytes = files.reduce((sum, file) => sum + (file.size ?? 0), 0);
  const unhashed = files.filter((f) => f.sha256 === undefined && (f.lfs || f.gitOid === undefined)).map((f) => f.path);
  emit({ type: 'listed', commit: listing.commit, files: files.map(({ path, size }) => ({ path, size })), totalBytes, unhashed });

  const installed = await existingInstall(destination, repo, options.force === true);
  if (installed && installed.repo === repo && installed.commit === listing.commit && (await filesPresent(destination, installed))) {
    for (const file of installed.files) emit({ type: 'file-done', path: file.path, size: file.size, reused: true });
    return { destination, commit: listing.commit, files: installed.files, upToDate: true };
  }

  const staging = stagingDirFor(destination);
  await mkdir(dirname(destination), { recursive: true }).catch((error: unknown) => {
    throw DiskError.wrap(error, dirname(destination));
  });
  const unlock = await lockDestination(destination);
  try {
    await mkdir(staging, { recursive: true }).catch((error: unknown) => {
      throw DiskError.wrap(error, staging);
    });
    return await downloadInto(staging, files, listing, options, revision, emit);
  } finally {
    await unlock();
  }
}

/** Downloads `files` into `staging`, then writes the marker and moves the folder into place. */
async function downloadInto(
  staging: string,
  files: readonly HubFile[],
  listing: HubListing,
  options: FetchModelOptions,
  revision: string,
  emit: (event: FetchEvent) => void,
): Promise<FetchModelResult> {
  const { client, repo, destination } = options;
  const ledger = await FetchLedger.load(staging);
  const jobs = files.map((file) => ({ file, url: client.fileUrl(repo, listing.commit, file.path), destination: join(staging, file.path) }));
  await ensureFreeSpace(staging, jobs);

  const results = await runPool(jobs, options.concurrency ?? DEFAULT_FETCH_CONCURRENCY, options.signal, async (job, signal) => {
    const done = await ledger.completed(job.file);
    if (done) {
      emit({ type: 'file-done', path: job.file.path, size: done.size, reused: true });
      return { path: job.file.path, size: done.size, sha256: done.sha256 };
    }
    emit({ type: 'file-start', path: job.file.path, size: job.file.size });
    const entry = await downloadFile(job, {
      client,
      retries: options.retries ?? DEFAULT_RETRIES,
      retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
      stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
      signal,
      onProgress: (received, size) => emit({ type: 'file-progress', path: job.file.path, received, size }),
      onRetry: (attempt, reason) => emit({ type: 'file-retry', path: job.file.path, attempt, reason: reason.message }),
    });
    await ledger.record(entry.path, { size: entry.size, sha256: entry.sha256, gitOid: job.file.gitOid });
    emit({ type: 'file-done', path: entry.path, size: entry.size, reused: false });
    return entry;
  });

  await ledger.remove();
  await removeStrayFiles(staging, new Set(files.map((file) => file.path)));
  const marker: InstallMarker = {
    version: INSTALL_MARKER_VERSION,
    repo,
    revision,
    commit: listing.commit,
    endpoint: client.endpoint,
    completedAt: new Date().toISOString(),
    files: results.sort((a, b) => a.path.localeCompare(b.path)),
  };
  await writeInstallMarker(staging, marker);
  await moveIntoPlace(staging, destination);
  return { destination, commit: listing.commit, files: marker.files, upToDate: false };
}

/** The destination's marker; throws when it holds something other than a fetch of `repo` (unless `force`). */
async function existingInstall(destination: string, repo: string, force: boolean): Promise<InstallMarker | undefined> {
  const exists = await stat(destination).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  const marker = await readInstallMarker(destination).catch(() => undefined);
  if (!force && !marker) throw new DestinationExistsError(destination, 'no promptjam install marker');
  if (!force && marker && marker.repo !== repo) throw new DestinationExistsError(destination, `a fetch of ${marker.repo}`);
  return marker;
}

async function filesPresent(dir: string, marker: InstallMarker): Promise<boolean> {
  for (const file of marker.files) {
    const size = await stat(join(dir, file.path)).then((s) => s.size, () => -1);
    if (size !== file.size) return false;
  }
  return true;
}

/** Fails before any transfer when the disk cannot hold what is left to download. */
async function ensureFreeSpace(staging: string, jobs: ReadonlyArray<{ file: HubFile; url: string; destination: string }>): Promise<void> {
  let needed = 0;
  for (const job of jobs) {
    const have = await stat(job.destination).then((s) => s.size, () => stat(partialPathFor(job)).then((s) => s.size, () => 0));
    needed += Math.max(0, (job.file.size ?? 0) - have);
  }
  const fs = await statfs(staging);
  const free = fs.bavail * fs.bsize;
  if (needed > free) {
    const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(2)} GiB`;
    throw new DiskError(staging, 'ENOSPC', `needs ${gib(needed)} more, ${gib(free)} free`);
  }
}

/** Swaps the staging folder in; an older install is moved aside first and deleted only after the swap. */
async function moveIntoPlace(staging: string, destination: string): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const replaced = join(dirname(destination), `.${basename(destination)}.replaced`);
  const hadOld = await stat(destination).then(
    () => true,
    () => false,
  );
  if (hadOld) {
    await rm(replaced, { recursive: true, force: true });
    await rename(destination, replaced);
  }
  await rename(staging, destination);
  if (hadOld) await rm(replaced, { recursive: true, force: true });
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight, largest first. On the first failure the others
 * are aborted (their partial files stay for the next run) and that failure is thrown.
 */
async function runPool<T extends { file: HubFile }, R>(
  items: readonly T[],
  concurrency: number,
  outer: AbortSignal | undefined,
  work: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const queue = [...items].sort((a, b) => (b.file.size ?? 0) - (a.file.size ?? 0));
  const abort = new AbortController();
  const signal = outer ? AbortSignal.any([outer, abort.signal]) : abort.signal;
  const results: R[] = [];
  let failure: unknown;
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined && failure === undefined; item = queue.shift()) {
      try {
        results.push(await work(item, signal));
      } catch (error) {
        failure ??= error;
        abort.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure !== undefined) throw failure;
  return results;
}
