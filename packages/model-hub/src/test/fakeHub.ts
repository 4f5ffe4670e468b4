/**
 * A local stand-in for the Hugging Face hub, for tests: the model API (`/api/models/{repo}/revision/{rev}?blobs=true`
 * with `sha`, `siblings[].size/blobId/lfs.sha256`), `resolve` URLs that redirect LFS files to a second "CDN" server
 * on another origin (as the real hub does), Range requests, and switches for the faults the downloader must survive.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Files at or above this size are listed and served as LFS files (sha256 in the listing, CDN redirect). */
export const FAKE_LFS_THRESHOLD_BYTES = 1024;

/** Faults and behaviours, switchable between runs. */
export interface FakeHubBehaviour {
  /** When set, requests to the hub (not the CDN) without `Authorization: Bearer <token>` get 401. */
  requiredToken?: string;
  /** Destroy the connection `holdMs` after sending this many body bytes of `path`, for the next `times` requests of it. */
  cut?: { path: string; afterBytes: number; times: number; holdMs?: number };
  /** Serve `path` with one byte flipped (the listing keeps the true hash). */
  corrupt?: string;
  /** Answer 404 EntryNotFound for this path's resolve URL although the listing has it. */
  missing?: string;
  /** Send `afterBytes` of `path`, then nothing more (connection left open), for the next `times` requests of it. */
  stall?: { path: string; afterBytes: number; times: number };
  /** List `path` with this size (and no hash) instead of its real one. */
  claimSize?: { path: string; size: number };
  /** Send `path` in `chunkBytes` pieces with `delayMs` between them. */
  slow?: { path: string; chunkBytes: number; delayMs: number };
}

/** One request the fake servers received. */
export interface RecordedRequest {
  server: 'hub' | 'cdn';
  path: string;
  headers: IncomingHttpHeaders;
}

/** A running fake hub. */
export interface FakeHub {
  /** Use as HF_ENDPOINT. */
  endpoint: string;
  repo: string;
  commit: string;
  files: ReadonlyMap<string, Buffer>;
  behaviour: FakeHubBehaviour;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function gitBlobSha1(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts the hub and CDN servers on port 0, serving `files` as repository `repo` at one commit. */
export async function startFakeHub(repo: string, files: ReadonlyMap<string, Buffer>): Promise<FakeHub> {
  const commit = createHash('sha1').update(repo).digest('hex');
  const requests: RecordedRequest[] = [];
  const behaviour: FakeHubBehaviour = {};
  const byHash = new Map([...files].map(([path, bytes]) => [sha256(bytes), path]));

  const cdn = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cdn');
    requests.push({ server: 'cdn', path: url.pathname, headers: req.headers });
    const path = byHash.get(url.pathname.replace('/blobs/', ''));
    if (!path) return void res.writeHead(404).end();
    void serveFile(res, path, files.get(path)!, req.headers.range, behaviour);
  });
  const cdnOrigin = await listen(cdn);

  const hub = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    requests.push({ server: 'hub', path: url.pathname + url.search, headers: req.headers });
    if (behaviour.requiredToken && req.headers.authorization !== `Bearer ${behaviour.requiredToken}`) {
      return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Invalid credentials in Authorization header"}');
    }
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    if (api) {
      if (api[1] !== repo) return void notFound(res, 'RepoNotFound', 'Repository not found');
      const revision = decodeURIComponent(api[2]!);
      if (revision !== 'main' && revision !== commit) return void notFound(res, 'RevisionNotFound', 'Invalid rev id');
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing(repo, commit, files, behaviour)));
    }
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!resolve || resolve[1] !== repo) return void notFound(res, 'RepoNotFound', 'Repository not found');
    const path = resolve[3]!.split('/').map(decodeURIComponent).join('/');
    const bytes = files.get(path);
    if (!bytes || behaviour.missing === path) return void notFound(res, 'EntryNotFound', `${path} does not exist`);
    if (bytes.length >= FAKE_LFS_THRESHOLD_BYTES) {
      return void res.writeHead(302, { location: `${cdnOrigin}/blobs/${sha256(bytes)}?signature=x` }).end();
    }
    void serveFile(res, path, bytes, req.headers.range, behaviour);
  });
  const endpoint = await listen(hub);

  return {
    endpoint,
    repo,
    commit,
    files,
    behaviour,
    requests,
    close: async () => {
      hub.closeAllConnections();
      cdn.closeAllConnections();
      await Promise.all([new Promise((r) => hub.close(r)), new Promise((r) => cdn.close(r))]);
    },
  };
}

function notFound(res: ServerResponse, code: string, message: string): void {
  res.writeHead(404, { 'content-type': 'application/json', 'x-error-code': code }).end(JSON.stringify({ error: message }));
}

function listing(repo: string, commit: string, files: ReadonlyMap<string, Buffer>, behaviour: FakeHubBehaviour): unknown {
  const siblings = [...files].map(([path, bytes]) =>
    behaviour.claimSize?.path === path
      ? { rfilename: path, size: behaviour.claimSize.size, lfs: { size: behaviour.claimSize.size, pointerSize: 134 } }
      : bytes.length >= FAKE_LFS_THRESHOLD_BYTES
      ? { rfilename: path, size: bytes.length, blobId: gitBlobSha1(Buffer.from(`pointer ${sha256(bytes)}`)), lfs: { sha256: sha256(bytes), size: bytes.length, pointerSize: 134 } }
      : { rfilename: path, size: bytes.length, blobId: gitBlobSha1(bytes) },
  );
  return { id: repo, modelId: repo, sha: commit, siblings };
}

/** Writes `bytes` (or the requested range) with the behaviour's faults applied. */
async function serveFile(res: ServerResponse, path: string, original: Buffer, range: string | undefined, behaviour: FakeHubBehaviour): Promise<void> {
  const bytes = behaviour.corrupt === path ? Buffer.from(original.map((b, i) => (i === 7 ? b ^ 0xff : b))) : original;
  let start = 0;
  if (range) {
    start = Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? 0);
    if (start >= bytes.length) return void res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
  }
  const body = bytes.subarray(start);
  const headers = { 'content-length': String(body.length), 'accept-ranges': 'bytes', etag: `"${sha256(original)}"` };
  if (range) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
  else res.writeHead(200, headers);
  const cut = behaviour.cut?.path === path && behaviour.cut.times > 0 ? behaviour.cut : undefined;
  if (cut) {
    cut.times -= 1;
    res.write(body.subarray(0, cut.afterBytes));
    await sleep(cut.holdMs ?? 20);
    return void res.socket?.destroy();
  }
  const stall = behaviour.stall?.path === path && behaviour.stall.times > 0 ? behaviour.stall : undefined;
  if (stall) {
    stall.times -= 1;
    res.write(body.subarray(0, stall.afterBytes));
    return void (await new Promise((resolve) => res.once('close', resolve)));
  }
  const slow = behaviour.slow?.path === path ? behaviour.slow : undefined;
  if (!slow) return void res.end(body);
  for (let at = 0; at < body.length; at += slow.chunkBytes) {
    if (res.destroyed) return;
    res.write(body.subarray(at, at + slow.chunkBytes));
    await sleep(slow.delayMs);
  }
  res.end();
}
