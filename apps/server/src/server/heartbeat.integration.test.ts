/**
 * Keep-alive: the server pings every `pingIntervalMs`; a peer that misses a pong is dropped, a live one stays.
 */
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { useDemoServer } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';

const PING_INTERVAL_MS = 1_000;
const ctx = useDemoServer({ pingIntervalMs: PING_INTERVAL_MS });

/** Opens a raw socket to a room and sends sync step 1 of an empty document. */
async function open(roomId: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(`${ctx.server.url}/rooms/${roomId}`, options);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(new Uint8Array([0, 0, 1, 0]));
  return ws;
}

describe('heartbeat', () => {
  it('drops a peer that stops answering pings and keeps one that answers', async () => {
    const silent = await open('pulse', { autoPong: false });
    const alive = await open('pulse');
    let silentClosed = false;
    silent.on('close', () => {
      silentClosed = true;
    });
    await waitUntil(() => silentClosed, 'the silent peer to be dropped', 10 * PING_INTERVAL_MS);
    await sleep(PING_INTERVAL_MS);
    expect(alive.readyState).toBe(WebSocket.OPEN);
    expect(ctx.server.readiness().clients).toBe(1);
    alive.close();
  });
});
