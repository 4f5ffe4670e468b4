/**
 * Streaming content hashes: sha256 (what the hub lists for LFS files and what the install marker records)
 * and git's blob sha1 (the hub's `blobId`, which for small non-LFS files hashes the content itself).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Hex digests of one file's content. */
export interface ContentDigests {
  sha256: string;
  /** Git blob sha1, present when the size was known up front (git hashes `blob <size>\0` before the bytes). */
  gitSha1: string | undefined;
  /** Bytes hashed. */
  size: number;
}

/** Incremental sha256 (+ git blob sha1 when `declaredSize` is known) over chunks fed in order. */
export class ContentHasher {
  private readonly sha256: Hash = createHash('sha256');
  private readonly gitSha1: Hash | undefined;
  private bytes = 0;

  constructor(declaredSize: number | undefined) {
    if (declaredSize !== undefined) {
      this.gitSha1 = createHash('sha1').update(`blob ${declaredSize}\0`);
    }
  }

  update(chunk: Uint8Array): void {
    this.sha256.update(chunk);
    this.gitSha1?.update(chunk);
    this.bytes += chunk.byteLength;
  }

  /** Bytes fed so far. */
  get size(): number {
    return this.bytes;
  }

  digest(): ContentDigests {
    return { sha256: this.sha256.digest('hex'), gitSha1: this.gitSha1?.digest('hex'), size: this.bytes };
  }
}

/** Feeds the first `length` bytes of a file (all of it when omitted) into `hasher`. */
export async function hashFileInto(path: string, hasher: ContentHasher, length?: number): Promise<void> {
  if (length === 0) return;
  const stream = createReadStream(path, length === undefined ? {} : { start: 0, end: length - 1 });
  for await (const chunk of stream) hasher.update(chunk as Buffer);
}

/** sha256 and size of a whole file. `onBytes` reports progress (bytes hashed so far). */
export async function hashFile(path: string, onBytes?: (hashed: number) => void): Promise<ContentDigests> {
  const hasher = new ContentHasher(undefined);
  for await (const chunk of createReadStream(path)) {
    hasher.update(chunk as Buffer);
    onBytes?.(hasher.size);
  }
  return hasher.digest();
}
