import { appendFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksPassed, formatChecks } from './checkReport.js';
import { checkModels } from './doctor/modelChecks.js';
import { fetchModel } from './fetchModel.js';
import { HubClient } from './HubClient.js';
import { listInstalledModels } from './installedModels.js';
import { INSTALL_MARKER_FILE } from './installMarker.js';
import { stagingDirFor } from './stagingDir.js';
import { startFakeHub, type FakeHub } from './test/fakeHub.js';
import { tinyModelRepoFiles } from './test/tinyModelFiles.js';
import { verifyModel } from './verifyModel.js';

const REPO = 'test-org/tiny-sdxl';
let hub: FakeHub;
let root: string;

/** Fetches a fresh copy of the tiny model into `<root>/<name>`. */
async function fetchCopy(name: string): Promise<string> {
  const destination = join(root, name);
  await fetchModel({ client: new HubClient({ endpoint: hub.endpoint }), repo: REPO, destination, retryDelayMs: 10 });
  return destination;
}

const statusOf = (checks: Awaited<ReturnType<typeof verifyModel>>, name: string) => checks.find((c) => c.name === name)?.status;

beforeAll(async () => {
  hub = await startFakeHub(REPO, await tinyModelRepoFiles());
  root = await mkdtemp(join(tmpdir(), 'promptjam-verify-'));
});

afterAll(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

describe('verifyModel', () => {
  it('passes a fetched folder: layout, marker, sizes, checksums and every session', async () => {
    const checks = await verifyModel(await fetchCopy('good'));
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['layout', 'ok'],
      ['marker', 'ok'],
      ['sizes', 'ok'],
      ['checksums', 'ok'],
      ['sessions', 'ok'],
    ]);
    expect(formatChecks(checks)).toMatch(/sessions\s+text_encoder, text_encoder_2, unet, vae_decoder load on CPU/);
  });

  it('finds a flipped byte by checksum, without changing the size', async () => {
    const dir = await fetchCopy('flipped');
    const path = join(dir, 'tokenizer', 'vocab.json');
    const bytes = await readFile(path);
    bytes[10] = bytes[10]! ^ 0x20;
    await writeFile(path, bytes);
    const checks = await verifyModel(dir, { sessions: false });
    expect(statusOf(checks, 'sizes')).toBe('ok');
    expect(statusOf(checks, 'checksums')).toBe('error');
    expect(checks.find((c) => c.name === 'checksums')?.detail).toContain('tokenizer/vocab.json: expected sha256');
    expect(checksPassed(checks)).toBe(false);
  });

  it('reports a truncated graph by size and as a session that does not load', async () => {
    const dir = await fetchCopy('truncated');
    await truncate(join(dir, 'unet', 'model.onnx'), 1000);
    const checks = await verifyModel(dir);
    expect(checks.find((c) => c.name === 'sizes')?.detail).toMatch(/unet\/model\.onnx: expected \d+ bytes, found 1000/);
    expect(statusOf(checks, 'sessions')).toBe('error');
  });

  it('reports a missing component as a layout error and warns when there is no marker', async () => {
    const dir = await fetchCopy('broken');
    await rm(join(dir, 'vae_decoder'), { recursive: true });
    await rm(join(dir, INSTALL_MARKER_FILE));
    const checks = await verifyModel(dir);
    expect(statusOf(checks, 'layout')).toBe('error');
    expect(checks.find((c) => c.name === 'layout')?.detail).toContain('vae_decoder');
    expect(statusOf(checks, 'marker')).toBe('warn');
    expect(checks.some((c) => c.name === 'sessions')).toBe(false);
  });
});

describe('installed models (list and doctor)', () => {
  it('lists fetched, local and unfinished folders, and the doctor flags the broken ones', async () => {
    const sdxl = await fetchCopy('sdxl-turbo');
    await appendFile(join(sdxl, 'model_index.json'), ' '); // size no longer matches the marker
    const staging = stagingDirFor(join(root, 'sd-turbo'));
    await mkdir(join(staging, 'unet'), { recursive: true });
    await writeFile(join(staging, 'unet', 'model.onnx.abc.partial'), Buffer.alloc(2048));

    const installed = await listInstalledModels(root);
    const byName = new Map(installed.map((m) => [m.name, m]));
    expect(byName.get('sd-turbo')?.status).toBe('incomplete');
    expect(byName.get('sd-turbo')?.bytes).toBe(2048);
    expect(byName.get('sdxl-turbo')?.status).toBe('fetched');
    expect(byName.get('broken')?.status).toBe('local');

    const checks = await checkModels(root);
    expect(checks.find((c) => c.name === 'model sd-turbo')).toMatchObject({ status: 'warn' });
    expect(checks.find((c) => c.name === 'model sd-turbo')?.fix).toContain('models fetch sd-turbo');
    expect(checks.find((c) => c.name === 'model sdxl-turbo')).toMatchObject({ status: 'error' });
    expect(checks.find((c) => c.name === 'model good')).toMatchObject({ status: 'ok' });
  });
});
