import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDataDir, checkGpu, checkNode, checkOnnxruntime, checkPort, checkProviders, providerCheck } from './hostChecks.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptjam-doctor-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('doctor host checks', () => {
  it('accepts Node 20.9+ and rejects older', () => {
    expect(checkNode('20.9.0').status).toBe('ok');
    expect(checkNode('22.1.0').status).toBe('ok');
    expect(checkNode('20.8.1')).toMatchObject({ status: 'error', detail: 'v20.8.1, need >= 20.9' });
    expect(checkNode('18.19.0').fix).toContain('Node.js 20');
  });

  it('finds the installed onnxruntime-node', () => {
    expect(checkOnnxruntime()).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^1\.\d+\.\d+ at /) });
  });

  it('loads a real session on the CPU provider, and reports CUDA as it really is', async () => {
    const checks = await checkProviders('auto');
    expect(checks.map((c) => c.name)).toEqual(['provider cpu', 'provider cuda', 'provider tensorrt', 'provider webgpu']);
    expect(checks[0]).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^session created and ran in \d+ ms$/) });
    // On a host without CUDA the probe fails and under --device auto that is a warning with a fix, never an error.
    for (const check of checks.slice(1)) {
      expect(['ok', 'warn']).toContain(check.status);
      if (check.status === 'warn') expect(check.fix).toBeTruthy();
    }
    expect(await checkProviders('cpu')).toHaveLength(1);
  }, 120_000);

  it('makes a failed CUDA probe an error only under --device cuda, with the install command when ORT libs are missing', () => {
    const missing = { provider: 'cuda' as const, ok: false, ms: 5, stderr: '', error: 'Failed to load shared library', nativeDetail: '/x/libonnxruntime_providers_shared.so: cannot open shared object file' };
    expect(providerCheck(missing, 'auto').status).toBe('warn');
    const required = providerCheck(missing, 'cuda');
    expect(required.status).toBe('error');
    expect(required.fix).toMatch(/^install onnxruntime-node's CUDA 12 provider libraries: `ONNXRUNTIME_NODE_INSTALL=cuda12 node .*script\/install\.js`/);
    const noCudnn = providerCheck({ ...missing, nativeDetail: 'libcudnn.so.9: cannot open shared object file' }, 'cuda');
    expect(noCudnn.fix).toContain('cuDNN 9');
  });

  it('reports a missing nvidia-smi as no visible GPU', async () => {
    const command = 'nvidia-smi-that-does-not-exist';
    expect(await checkGpu('auto', command)).toMatchObject({ status: 'warn', detail: `${command} not found: no NVIDIA GPU visible` });
    expect((await checkGpu('cuda', command)).status).toBe('error');
    expect((await checkGpu('cpu', command)).status).toBe('ok');
  });

  it('reports a port in use, and a free one', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const busy = await checkPort('room server', port, '0.0.0.0', 'PROMPTJAM_PORT');
      expect(busy).toMatchObject({ status: 'error', detail: 'room server: already in use' });
      expect(busy.fix).toContain(`sport = :${port}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect((await checkPort('room server', port)).status).toBe('ok');
  });

  it('checks the data dir can be written or created', async () => {
    expect(await checkDataDir(dir)).toMatchObject({ status: 'ok', detail: expect.stringContaining('writable') });
    expect((await checkDataDir(join(dir, 'not', 'yet'))).detail).toContain('will be created in');
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    expect(await checkDataDir(join(file, 'data'))).toMatchObject({ status: 'error', detail: `${file} is not a directory` });
  });
});
