/**
 * Downloads one file into a `.partial` beside its destination, resuming with an HTTP Range request from
 * whatever a previous attempt left, hashing as the bytes arrive, and renaming into place only once the size
 * and hash match what the hub listed. Network failures and stalls are retried with backoff; a wrong hash
 * deletes the partial so the bad bytes are never reused.
 */
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ContentHasher, hashFileInto } from './contentHash.js';
import { DiskError, HubHttpError, IntegrityError, ModelHubError, TransferError } from './errors.js';
import type { HubClient, HubFile } from './HubClient.js';
import type { MarkerFile } from './installMarker.js';

/** Abort a transfer when no byte arrived for this long (a slow server is fine; a silent one is not). */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;
/** Retries after the first attempt, for network errors, stalls and 408/429/5xx. */
export const DEFAULT_RETRIES = 4;
/** First retry delay; doubles each retry. */
export const DEFAULT_RETRY_DELAY_MS = 1_000;

/** One file to fetch. */
export interface FileDownloadJob {
  file: HubFile;
  url: string;
  /** Final path; the partial lives beside it. */
  destination: string;
}

/** How to fetch it. */
export interface FileDownloadOptions {
  client: HubClient;
  retries?: number;
  retryDelayMs?: number;
  stallTimeoutMs?: number;
  signal?: AbortSignal | undefined;
  /** Called as bytes land: `received` counts the whole file, including bytes resumed from the partial. */
  onProgress?: (received: number, total: number | undefined) => void;
  /** Called before a retry with the reason. */
  onRetry?: (attempt: number, reason: Error) => void;
}

/** The name a file is downloaded under until verified; it carries the expected hash, so a partial of another version is never resumed. */
export function partialPathFor(job: FileDownloadJob): string {
  const tag = (job.file.sha256 ?? job.file.gitOid ?? 'unhashed').slice(0, 12);
  return `${job.destination}.${tag}.partial`;
}

/** A stall: no bytes for `stallTimeoutMs`. Retryable. */
class StallError extends Error {
  override name = 'StallError';
}

/** Thrown inside an attempt when the partial cannot be continued and must start over. Retryable. */
class RestartError extends Error {
  override name = 'RestartError';
}

/** Downloads and verifies one file; resolves to its marker entry once it is at `job.destination`. */
export async function downloadFile(job: FileDownloadJob, options: FileDownloadOptions): Promise<MarkerFile> {
  const retries = options.retries ?? DEFAULT_RETRIES;
  let restartedAfterMismatch = false;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await attemptDownload(job, options);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (error instanceof ResumedIntegrityError && !restartedAfterMismatch) {
        // The bad bytes may date from an earlier attempt; the partial is gone, so start once more from zero.
        restartedAfterMismatch = true;
        options.onRetry?.(attempt + 1, error.inner);
        continue;
      }
      const inner = error instanceof ResumedIntegrityError ? error.inner : error;
      if (!isRetryable(inner) || attempt >= retries) throw finalError(job, inner);
      options.onRetry?.(attempt + 1, inner as Error);
      await sleep((options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** attempt, undefined, { signal: options.signal });
    }
  }
}

/** An integrity failure of a download that had resumed a partial. */
class ResumedIntegrityError extends Error {
  constructor(readonly inner: IntegrityError) {
    super(inner.message);
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof HubHttpError) return error.retryable;
  if (error instanceof ModelHubError) return false; // auth, not found, integrity, disk
  return error instanceof Error; // network resets, stalls, truncated bodies
}

function finalError(job: FileDownloadJob, error: unknown): unknown {
  if (error instanceof ModelHubError) return error;
  return new TransferError(job.file.path, error);
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw DiskError.wrap(error, path);
  }
}

async function attemptDownload(job: FileDownloadJob, options: FileDownloadOptions): Promise<MarkerFile> {
  const partial = partialPathFor(job);
  const expected = job.file.size;
  await mkdir(dirname(partial), { recursive: true }).catch((error: unknown) => {
    throw DiskError.wrap(error, dirname(partial));
  });
  let offset = (await sizeOf(partial)) ?? 0;
  if (expected !== undefined && offset > expected) {
    await rm(partial, { force: true });
    offset = 0;
  }
  const resumed = offset > 0;
  let hasher = new ContentHasher(expected);
  if (offset > 0) await hashFileInto(partial, hasher, offset);
  options.onProgress?.(offset, expected);

  if (expected === undefined || offset < expected) {
    hasher = await transfer(job, options, partial, offset, hasher);
  } else {
    await touch(partial);
  }
  return verifyAndPlace(job, partial, hasher, resumed);
}

/**
 * Streams the body into the partial from `offset`, feeding `resumedHasher` (which holds the partial's bytes so far);
 * resolves to the hasher of the whole file, a fresh one when the server ignored Range and sent everything again.
 */
async function transfer(
  job: FileDownloadJob,
  options: FileDownloadOptions,
  partial: string,
  offset: number,
  resumedHasher: ContentHasher,
): Promise<ContentHasher> {
  let hasher = resumedHasher;
  const stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const stall = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
  let timer = setTimeout(() => stall.abort(new StallError(`no data for ${stallTimeoutMs} ms`)), stallTimeoutMs);
  const armStallTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(new StallError(`no data for ${stallTimeoutMs} ms`)), stallTimeoutMs);
  };
  let handle: FileHandle | undefined;
  try {
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    const response = await options.client.get(job.url, headers, signal);
    let position = offset;
    if (response.status === 416) {
      await response.body?.cancel();
      await rm(partial, { force: true });
      throw new RestartError(`server refused Range bytes=${offset}-`);
    }
    if (offset > 0 && response.status === 206) {
      const start = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1];
      if (Number(start) !== offset) {
        await response.body?.cancel();
        await rm(partial, { force: true });
        throw new RestartError(`asked for bytes from ${offset}, got Content-Range ${response.headers.get('content-range')}`);
      }
    } else if (offset > 0) {
      position = 0; // the server ignored Range and sends the whole file
      hasher = new ContentHasher(job.file.size);
    }
    handle = await open(partial, position > 0 ? 'a' : 'w').catch((error: unknown) => {
      throw DiskError.wrap(error, partial);
    });
    const total = job.file.size ?? contentTotal(response, position);
    if (!response.body) return hasher;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      armStallTimer();
      await handle.write(chunk).catch((error: unknown) => {
        throw DiskError.wrap(error, partial);
      });
      hasher.update(chunk);
      position += chunk.byteLength;
      options.onProgress?.(position, total);
    }
    return hasher;
  } catch (error) {
    if (stall.signal.aborted && !options.signal?.aborted) throw stall.signal.reason as Error;
    throw error;
  } finally {
    clearTimeout(timer);
    await handle?.close();
  }
}

/** The file's full size from a 200/206 answer, when the headers say. */
function contentTotal(response: Response, position: number): number | undefined {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
  if (range !== undefined) return Number(range);
  const length = response.headers.get('content-length');
  return length === null ? undefined : position + Number(length);
}

async function touch(path: string): Promise<void> {
  const handle = await open(path, 'a').catch((error: unknown) => {
    throw DiskError.wrap(error, path);
  });
  await handle.close();
}

/** Checks size and hash, then renames the partial to its destination. */
async function verifyAndPlace(job: FileDownloadJob, partial: string, hasher: ContentHasher, resumed: boolean): Promise<MarkerFile> {
  const { file } = job;
  const digest = hasher.digest();
  const fail = async (error: IntegrityError): Promise<never> => {
    await rm(partial, { force: true });
    throw resumed ? new ResumedIntegrityError(error) : error;
  };
  if (file.size !== undefined && digest.size < file.size) {
    throw new Error(`connection closed early: ${digest.size} of ${file.size} bytes`); // retryable, partial kept
  }
  if (file.size !== undefined && digest.size !== file.size) {
    await fail(new IntegrityError(file.path, 'size', `${file.size} bytes`, `${digest.size} bytes`));
  }
  if (file.sha256 !== undefined && digest.sha256 !== file.sha256) {
    await fail(new IntegrityError(file.path, 'sha256', file.sha256, digest.sha256));
  }
  if (file.sha256 === undefined && !file.lfs && file.gitOid !== undefined && digest.gitSha1 !== file.gitOid) {
    await fail(new IntegrityError(file.path, 'git-sha1', file.gitOid, digest.gitSha1 ?? 'none'));
  }
  await rename(partial, job.destination).catch((error: unknown) => {
    throw DiskError.wrap(error, job.destination);
  });
  return { path: file.path, size: digest.size, sha256: digest.sha256 };
}
