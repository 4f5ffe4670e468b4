import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DestinationExistsError, DiskError, HubAuthError, HubNotFoundError, IntegrityError, TransferError } from './errors.js';
import { fetchModel, type FetchEvent } from './fetchModel.js';
import { HubClient } from './HubClient.js';
import { INSTALL_MARKER_FILE, readInstallMarker } from './installMarker.js';
import { FETCH_LEDGER_FILE, FetchInProgressError, lockDestination, lockPathFor, stagingDirFor } from './stagingDir.js';
import { startFakeHub, type FakeHub } from './test/fakeHub.js';
import { largestFile, tinyModelRepoFiles } from './test/tinyModelFiles.js';

const REPO = 'test-org/tiny-sdxl';

let repoFiles: Map<string, Buffer>;
/** The largest graph: the file the resume, retry and slow-server tests cut or slow down. */
let WEIGHTS: string;
let hub: FakeHub;
let root: string;
let destination: string;

beforeAll(async () => {
  repoFiles = await tinyModelRepoFiles();
  WEIGHTS = largestFile(repoFiles);
  expect(repoFiles.get(WEIGHTS)!.length).toBeGreaterThan(200_000);
});

beforeEach(async () => {
  hub = await startFakeHub(REPO, repoFiles);
  root = await mkdtemp(join(tmpdir(), 'promptjam-fetch-'));
  destination = join(root, 'tiny');
});

afterEach(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

function fetchOptions(events: FetchEvent[] = [], overrides: Partial<Parameters<typeof fetchModel>[0]> = {}) {
  return {
    client: new HubClient({ endpoint: hub.endpoint }),
    repo: REPO,
    destination,
    retryDelayMs: 10,
    onEvent: (event: FetchEvent) => events.push(event),
    ...overrides,
  };
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('fetchModel', () => {
  it('downloads only the engine files, verifies them and writes the marker last', async () => {
    const events: FetchEvent[] = [];
    const result = await fetchModel(fetchOptions(events));

    const expected = [...hub.files.keys()].filter((p) => !p.startsWith('.') && p !== 'README.md' && !p.startsWith('images/'));
    expect(await listTree(destination)).toEqual([...expected, INSTALL_MARKER_FILE].sort());
    for (const path of expected) {
      expect(sha256(await readFile(join(destination, path)))).toBe(sha256(hub.files.get(path)!));
    }
    const marker = await readInstallMarker(destination);
    expect(marker?.commit).toBe(hub.commit);
    expect(marker?.files.find((f) => f.path === WEIGHTS)?.sha256).toBe(sha256(hub.files.get(WEIGHTS)!));
    expect(result.upToDate).toBe(false);
    await expect(stat(stagingDirFor(destination))).rejects.toThrow(/ENOENT/);
    expect(events.filter((e) => e.type === 'file-done')).toHaveLength(expected.length);
    expect(events.find((e) => e.type === 'listed')).toMatchObject({ unhashed: [] });
    // Downloads are pinned to the resolved commit, and LFS files come from the CDN origin.
    expect(hub.requests.some((r) => r.server === 'hub' && r.path.includes(`/resolve/${hub.commit}/`))).toBe(true);
    expect(hub.requests.some((r) => r.server === 'cdn')).toBe(true);

    const again = await fetchModel(fetchOptions());
    expect(again.upToDate).toBe(true);
  });

  it('resumes an interrupted download with a Range request', async () => {
    // The cut is held long enough for the small files to finish, so the second run must reuse them.
    hub.behaviour.cut = { path: WEIGHTS, afterBytes: Math.floor(hub.files.get(WEIGHTS)!.length / 2), times: 1, holdMs: 1_000 };
    const first = fetchModel(fetchOptions([], { retries: 0 }));
    await expect(first).rejects.toBeInstanceOf(TransferError);
    // A partial download never looks complete: no destination folder yet.
    await expect(stat(destination)).rejects.toThrow(/ENOENT/);
    const staged = await listTree(stagingDirFor(destination));
    expect(staged.some((p) => p.startsWith(`${WEIGHTS}.`) && p.endsWith('.partial'))).toBe(true);

    const ledger = JSON.parse(await readFile(join(stagingDirFor(destination), FETCH_LEDGER_FILE), 'utf8')) as { files: object };
    const finishedFirst = Object.keys(ledger.files);
    expect(finishedFirst.length).toBe(hub.files.size - 4); // all but the weights and the three unneeded files

    hub.requests.length = 0;
    await fetchModel(fetchOptions());
    const resumed = hub.requests.find((r) => r.server === 'cdn' && r.path === `/blobs/${sha256(hub.files.get(WEIGHTS)!)}`);
    expect(resumed?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(Number(/\d+/.exec(String(resumed?.headers.range))?.[0])).toBeGreaterThan(0);
    expect(sha256(await readFile(join(destination, WEIGHTS)))).toBe(sha256(hub.files.get(WEIGHTS)!));
    // Files finished in the first run were not fetched again.
    const resolved = hub.requests.filter((r) => r.server === 'hub' && r.path.includes('/resolve/'));
    expect(resolved.map((r) => r.path.split(`/resolve/${hub.commit}/`)[1])).toEqual([WEIGHTS]);
  });

  it('retries within one run after the connection drops, resuming from the partial', async () => {
    hub.behaviour.cut = { path: WEIGHTS, afterBytes: Math.floor(hub.files.get(WEIGHTS)!.length / 4), times: 2 };
    const events: FetchEvent[] = [];
    await fetchModel(fetchOptions(events, { retries: 3 }));
    expect(events.filter((e) => e.type === 'file-retry' && e.path === WEIGHTS)).toHaveLength(2);
    const weightsBlob = `/blobs/${sha256(hub.files.get(WEIGHTS)!)}`;
    const ranges = hub.requests.filter((r) => r.server === 'cdn' && r.path === weightsBlob).map((r) => r.headers.range);
    expect(ranges).toHaveLength(3);
    expect(ranges[0]).toBeUndefined();
    expect(ranges.slice(1).every((r) => typeof r === 'string' && r.startsWith('bytes='))).toBe(true);
    expect(sha256(await readFile(join(destination, WEIGHTS)))).toBe(sha256(hub.files.get(WEIGHTS)!));
  });

  it('aborts a stalled transfer and resumes it', async () => {
    hub.behaviour.stall = { path: WEIGHTS, afterBytes: 50_000, times: 1 };
    const events: FetchEvent[] = [];
    await fetchModel(fetchOptions(events, { stallTimeoutMs: 300, retries: 1 }));
    const retry = events.find((e) => e.type === 'file-retry');
    expect(retry).toMatchObject({ path: WEIGHTS, attempt: 1, reason: 'no data for 300 ms' });
    const weightsBlob = `/blobs/${sha256(hub.files.get(WEIGHTS)!)}`;
    expect(hub.requests.filter((r) => r.path === weightsBlob).map((r) => r.headers.range)).toEqual([undefined, 'bytes=50000-']);
    expect(sha256(await readFile(join(destination, WEIGHTS)))).toBe(sha256(hub.files.get(WEIGHTS)!));
  });

  it('detects a corrupted file and installs nothing', async () => {
    hub.behaviour.corrupt = WEIGHTS;
    const error = await fetchModel(fetchOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as IntegrityError).check).toBe('sha256');
    expect((error as IntegrityError).expected).toBe(sha256(hub.files.get(WEIGHTS)!));
    await expect(stat(destination)).rejects.toThrow(/ENOENT/);
    const staged = await listTree(stagingDirFor(destination));
    expect(staged.some((p) => p.startsWith(WEIGHTS))).toBe(false);
  });

  it('detects a corrupted small (non-LFS) file through its git blob id', async () => {
    hub.behaviour.corrupt = 'model_index.json';
    const error = await fetchModel(fetchOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as IntegrityError).check).toBe('git-sha1');
  });

  it('fails clearly when a listed file is missing (404 mid-list)', async () => {
    hub.behaviour.missing = 'vae_decoder/model.onnx';
    const error = await fetchModel(fetchOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubNotFoundError);
    expect((error as HubNotFoundError).kind).toBe('file');
    expect((error as Error).message).toContain('vae_decoder/model.onnx');
    await expect(stat(destination)).rejects.toThrow(/ENOENT/);
  });

  it('reports a 404 model and a 404 revision', async () => {
    const model = await fetchModel(fetchOptions([], { repo: 'test-org/nope' })).catch((e: unknown) => e);
    expect(model).toBeInstanceOf(HubNotFoundError);
    expect((model as HubNotFoundError).kind).toBe('repository');
    const revision = await fetchModel(fetchOptions([], { revision: 'v9' })).catch((e: unknown) => e);
    expect((revision as HubNotFoundError).kind).toBe('revision');
  });

  it('keeps reporting progress from a slow server', async () => {
    const weightsBytes = hub.files.get(WEIGHTS)!.length;
    hub.behaviour.slow = { path: WEIGHTS, chunkBytes: 32 * 1024, delayMs: 20 };
    const events: FetchEvent[] = [];
    await fetchModel(fetchOptions(events, { stallTimeoutMs: 5_000 }));
    const progress = events.filter((e) => e.type === 'file-progress' && e.path === WEIGHTS);
    const received = progress.map((e) => (e.type === 'file-progress' ? e.received : 0));
    expect(progress.length).toBeGreaterThanOrEqual(Math.floor(weightsBytes / (32 * 1024)));
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(received.at(-1)).toBe(weightsBytes);
  });

  it('sends HF_TOKEN to the hub but not to the CDN it redirects to', async () => {
    hub.behaviour.requiredToken = 'hf_secret';
    await expect(fetchModel(fetchOptions())).rejects.toBeInstanceOf(HubAuthError);
    await fetchModel(fetchOptions([], { client: new HubClient({ endpoint: hub.endpoint, token: 'hf_secret' }) }));
    const hubRequests = hub.requests.filter((r) => r.server === 'hub' && r.headers.authorization);
    expect(hubRequests.every((r) => r.headers.authorization === 'Bearer hf_secret')).toBe(true);
    expect(hub.requests.filter((r) => r.server === 'cdn').every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('refuses before downloading when the disk cannot hold the model', async () => {
    hub.behaviour.claimSize = { path: WEIGHTS, size: 2 ** 52 }; // 4 PiB, and no hash
    const events: FetchEvent[] = [];
    const error = await fetchModel(fetchOptions(events)).catch((e: unknown) => e);
    expect(events.find((e) => e.type === 'listed')).toMatchObject({ unhashed: [WEIGHTS] });
    expect(error).toBeInstanceOf(DiskError);
    expect((error as DiskError).code).toBe('ENOSPC');
    expect((error as Error).message).toMatch(/needs [\d.]+ GiB more, [\d.]+ GiB free/);
    expect(hub.requests.some((r) => r.path.includes('/resolve/'))).toBe(false);
  });

  it('never replaces a folder it did not fetch, or a fetch of another repository, without --force', async () => {
    await mkdir(join(destination, 'unet'), { recursive: true });
    await writeFile(join(destination, 'unet', 'model.onnx'), 'mine');
    await expect(fetchModel(fetchOptions())).rejects.toThrow(DestinationExistsError);
    await fetchModel(fetchOptions([], { force: true }));
    const marker = JSON.parse(await readFile(join(destination, INSTALL_MARKER_FILE), 'utf8')) as { repo: string };
    await writeFile(join(destination, INSTALL_MARKER_FILE), JSON.stringify({ ...marker, repo: 'someone/else' }));
    await expect(fetchModel(fetchOptions())).rejects.toThrow(/found a fetch of someone\/else/);
  });

  it('reports a destination under a regular file as a disk error', async () => {
    await writeFile(join(root, 'a-file'), 'x');
    const error = await fetchModel(fetchOptions([], { destination: join(root, 'a-file', 'model') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiskError);
    expect((error as DiskError).code).toMatch(/^(ENOTDIR|EEXIST)$/);
  });

  it('refuses a second fetch into the same destination while one is running, and takes over a stale lock', async () => {
    const release = await lockDestination(destination);
    await writeFile(lockPathFor(destination), String(process.ppid)); // a live process other than this one
    await expect(fetchModel(fetchOptions())).rejects.toBeInstanceOf(FetchInProgressError);
    await release();
    await lockDestination(destination);
    await writeFile(lockPathFor(destination), '999999999'); // no such process
    await expect(fetchModel(fetchOptions())).resolves.toMatchObject({ upToDate: false });
    // Released and cleaned up: nothing but the model is left beside it.
    expect(await readdir(root)).toEqual(['tiny']);
  });
});
