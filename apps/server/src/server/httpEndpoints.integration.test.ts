/**
 * HTTP around the rooms: bad room ids are refused before the upgrade, health/readiness/metrics respond.
 */
import { request } from 'node:http';
import type { ImageEngine } from '@promptjam/diffusion';
import { describe, expect, it } from 'vitest';
import { ControllableEngine } from '../test/ControllableEngine.js';
import { RoomClient } from '../test/RoomClient.js';
import { makeDataDir, removeDataDir, startTestServer, useDemoServer } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';

const ctx = useDemoServer();

/** Sends a WebSocket upgrade request for a raw path; resolves with the HTTP status (101 when upgraded). */
function upgradeStatus(port: number, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: rawPath,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP endpoints', () => {
  it('refuses bad room ids with 400 before the upgrade, paths outside /rooms/ with 404', async () => {
    const bad = ['/rooms/', '/rooms/..%2fetc', '/rooms/%2e%2e', '/rooms/a%00b', '/rooms/a%20b', `/rooms/${'x'.repeat(65)}`, '/rooms/a/b', '/rooms/caf%C3%A9'];
    for (const path of bad) expect(await upgradeStatus(ctx.server.port, path), path).toBe(400);
    expect(await upgradeStatus(ctx.server.port, '/elsewhere/room')).toBe(404);
    expect(await upgradeStatus(ctx.server.port, `/rooms/${'x'.repeat(64)}`)).toBe(101);
    expect(await upgradeStatus(ctx.server.port, '/rooms/Good_room-1?client=test')).toBe(101);
    expect(ctx.server.rooms.size).toBeLessThanOrEqual(2);
  });

  it('answers /healthz, /readyz and /metrics', async () => {
    const health = await fetch(`${ctx.server.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${ctx.server.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, store: 'open', engine: { state: 'ready', model: 'demo (tiny sdxl)', demo: true, provider: 'cpu' } });

    const client = new RoomClient(ctx.server.url, 'metered');
    try {
      await client.synced();
      client.setParams({ width: 64, height: 64 });
      client.type('a metered frame');
      await client.frameOf('a metered frame');
      const metrics = await (await fetch(`${ctx.server.httpUrl}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
      expect(value('promptjam_rooms_loaded')).toBe(1);
      expect(value('promptjam_clients_connected')).toBe(1);
      expect(value('promptjam_frames_rendered_total')).toBeGreaterThanOrEqual(1);
      expect(value('promptjam_frames_sent_total')).toBeGreaterThanOrEqual(1);
      expect(value('promptjam_generation_seconds_count')).toBeGreaterThanOrEqual(1);
      for (const name of ['promptjam_render_queue_depth', 'promptjam_frames_dropped_total', 'promptjam_render_latency_seconds_count']) {
        expect(Number.isFinite(value(name)), name).toBe(true);
      }
      expect(metrics).toMatch(/^# TYPE promptjam_errors_total counter$/m);
    } finally {
      client.destroy();
    }
    expect((await fetch(`${ctx.server.httpUrl}/rooms/metered`)).status).toBe(426);
    expect((await fetch(`${ctx.server.httpUrl}/nowhere`)).status).toBe(404);
  });

  it('is live but not ready while the model loads, and ready once it has', async () => {
    let release: (engine: ImageEngine) => void = () => {};
    const loading = new Promise<ImageEngine>((resolve) => {
      release = resolve;
    });
    const slowDir = await makeDataDir();
    const slow = await startTestServer(ctx.engine, slowDir, { engine: loading, engineLabel: { model: 'later', demo: false } });
    try {
      expect((await fetch(`${slow.httpUrl}/healthz`)).status).toBe(200);
      const notReady = await fetch(`${slow.httpUrl}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ ready: false, reasons: ['model loading'], engine: { state: 'loading', model: 'later' } });
      release(new ControllableEngine());
      await waitUntil(() => slow.readiness().ready, 'the server to become ready');
      expect((await fetch(`${slow.httpUrl}/readyz`)).status).toBe(200);
    } finally {
      await slow.close();
      await removeDataDir(slowDir);
    }
  });

  it('stays up when the model fails to load, and says why', async () => {
    const brokenDir = await makeDataDir();
    const broken = await startTestServer(ctx.engine, brokenDir, { engine: Promise.reject(new Error('unet/model.onnx is truncated')) });
    const client = new RoomClient(broken.url, 'no-model');
    try {
      await waitUntil(() => broken.engine.state === 'failed', 'the load to fail');
      const ready = await fetch(`${broken.httpUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { reasons: string[] }).reasons).toEqual(['model failed to load: unet/model.onnx is truncated']);
      // Rooms still sync, and a render reports the error to the room instead of crashing anything.
      await client.synced();
      client.type('anything');
      await waitUntil(() => client.statuses.some((s) => s.state === 'error'), 'an error status');
      expect(client.statuses.find((s) => s.state === 'error')?.message).toMatch(/model is not available/);
    } finally {
      client.destroy();
      await broken.close();
      await removeDataDir(brokenDir);
    }
  });
});
