import { ensureDemoModel } from '@promptjam/models';
import { describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import type { Readiness } from './httpRoutes.js';
import { startServer } from './startServer.js';

/**
 * The server picks its execution provider from `--device` on a machine without CUDA or a WebGPU adapter (CI):
 * `auto` serves on the CPU and `/readyz` says why; `webgpu` never runs on the CPU silently: `/readyz` carries the
 * named error and its fix while the process keeps serving.
 */
describe('device selection in /readyz (no CUDA, no WebGPU adapter)', () => {
  async function readyz(device: 'auto' | 'webgpu'): Promise<{ status: number; body: Readiness }> {
    const dataDir = await makeDataDir();
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', model: await ensureDemoModel(), device });
    try {
      await waitUntil(() => server.engine.state !== 'loading', 'the model load to finish', 60_000);
      const response = await fetch(`${server.httpUrl}/readyz`);
      return { status: response.status, body: (await response.json()) as Readiness };
    } finally {
      await server.close();
      await removeDataDir(dataDir);
    }
  }

  it('auto falls back to the CPU and /readyz gives the reason', async () => {
    const { status, body } = await readyz('auto');
    expect(status).toBe(200);
    expect(body.engine.provider).toBe('cpu');
    // The demo model brings its tiny preview decoder; the load warmed it up before ready.
    expect(body.engine.previewDecoder).toBe(true);
    expect(body.engine.providerNote).toMatch(/^CUDA provider not installed; no WebGPU adapter \([a-z-]+\); using CPU \(slow; GPU set-up: docs\/DEPLOY\.md.*\)$/);
  });

  it('webgpu fails the load with the named error and the fix; the server stays up and not ready', async () => {
    const { status, body } = await readyz('webgpu');
    expect(status).toBe(503);
    expect(body.engine.state).toBe('failed');
    expect(body.reasons).toEqual([expect.stringMatching(/^model failed to load: --device webgpu: no WebGPU adapter \(.+\): expected a WebGPU adapter; fix: .+/)]);
  });
});
