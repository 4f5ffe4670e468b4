import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectEngineFiles } from './catalogue.js';
import { HubResponseError } from './errors.js';
import { DEFAULT_HUB_ENDPOINT, HubClient, hubOptionsFromEnv, type HubFile } from './HubClient.js';
import { startFakeHub, type FakeHub } from './test/fakeHub.js';

describe('hubOptionsFromEnv', () => {
  it('defaults to the public hub and reads HF_ENDPOINT and HF_TOKEN', () => {
    expect(hubOptionsFromEnv({})).toEqual({ endpoint: DEFAULT_HUB_ENDPOINT, token: undefined });
    expect(hubOptionsFromEnv({ HF_ENDPOINT: 'https://mirror.example/', HF_TOKEN: ' hf_x ' })).toEqual({ endpoint: 'https://mirror.example/', token: 'hf_x' });
    expect(hubOptionsFromEnv({ HUGGING_FACE_HUB_TOKEN: 'hf_old' }).token).toBe('hf_old');
  });
});

describe('HubClient against a local hub', () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await startFakeHub('org/model', new Map([['unet/model.onnx', Buffer.alloc(4096, 1)], ['model_index.json', Buffer.from('{}')]]));
  });
  afterAll(() => hub.close());

  it('honours HF_ENDPOINT (trailing slash and all) and sends HF_TOKEN as a bearer token', async () => {
    const client = new HubClient(hubOptionsFromEnv({ HF_ENDPOINT: `${hub.endpoint}/`, HF_TOKEN: 'hf_token_1' }));
    const listing = await client.listFiles('org/model', 'main');
    expect(listing.commit).toBe(hub.commit);
    expect(listing.files.find((f) => f.path === 'unet/model.onnx')).toMatchObject({ size: 4096, lfs: true, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(listing.files.find((f) => f.path === 'model_index.json')).toMatchObject({ size: 2, lfs: false, sha256: undefined, gitOid: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const request = hub.requests.find((r) => r.path.startsWith('/api/models/org/model/revision/main'));
    expect(request?.path).toBe('/api/models/org/model/revision/main?blobs=true');
    expect(request?.headers.authorization).toBe('Bearer hf_token_1');
  });

  it('encodes revisions and file paths in URLs', () => {
    const client = new HubClient({ endpoint: 'https://hub.example' });
    expect(client.fileUrl('org/model', 'refs/pr/1', 'unet/model #1.onnx')).toBe('https://hub.example/org/model/resolve/refs%2Fpr%2F1/unet/model%20%231.onnx');
  });
});

describe('HubClient with a malformed answer', () => {
  let server: Server;
  let endpoint: string;
  let body = '';
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    body = '';
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('names what it expected and what came', async () => {
    const client = new HubClient({ endpoint });
    body = '<html>';
    await expect(client.listFiles('org/model', 'main')).rejects.toBeInstanceOf(HubResponseError);
    body = JSON.stringify({ sha: 'x', siblings: [] });
    await expect(client.listFiles('org/model', 'main')).rejects.toThrow(/expected "sha": a 40-hex commit id, found "x"/);
    body = JSON.stringify({ sha: 'a'.repeat(40), siblings: [{ rfilename: '../../etc/passwd' }] });
    await expect(client.listFiles('org/model', 'main')).rejects.toThrow(/siblings\[0\]\.rfilename: a relative path/);
    await expect(client.listFiles('not a repo', 'main')).rejects.toThrow(/owner\/name/);
  });
});

describe('selectEngineFiles', () => {
  const file = (path: string): HubFile => ({ path, size: 1, sha256: undefined, gitOid: undefined, lfs: false });
  it('keeps graphs, their external data, configs and tokenizer files, and drops the rest', () => {
    const paths = [
      'model_index.json', 'README.md', '.gitattributes', 'images/cat.png', 'scheduler/scheduler_config.json',
      'tokenizer/vocab.json', 'tokenizer/merges.txt', 'unet/model.onnx', 'unet/model.onnx.data', 'unet/weights.pb',
      'unet/diffusion_pytorch_model.safetensors', 'vae_decoder/model.onnx', 'vae_decoder/config.json', 'stray/data.data',
    ];
    expect(selectEngineFiles(paths.map(file)).map((f) => f.path)).toEqual([
      'model_index.json', 'scheduler/scheduler_config.json', 'tokenizer/vocab.json', 'tokenizer/merges.txt',
      'unet/model.onnx', 'unet/model.onnx.data', 'unet/weights.pb', 'vae_decoder/model.onnx', 'vae_decoder/config.json',
    ]);
  });
});
