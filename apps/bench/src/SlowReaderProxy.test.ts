import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrameMessage } from '@promptjam/protocol';
import { startBareWsServer, type BareWsServer } from './bareWsServer.js';
import { ClientSwarm } from './ClientSwarm.js';
import { SAMPLE_FRAME_METADATA } from './test/sampleFrame.js';
import { sleep, waitUntil } from './clock.js';
import { SlowReaderProxyError, startSlowReaderProxy, type SlowReaderProxy } from './SlowReaderProxy.js';

const metadata = SAMPLE_FRAME_METADATA;

let server: BareWsServer | null = null;
let proxy: SlowReaderProxy | null = null;
const swarm = new ClientSwarm();
afterEach(async () => {
  await swarm.closeAll();
  await proxy?.close();
  await server?.close();
  proxy = null;
  server = null;
});

describe('SlowReaderProxy', () => {
  it('delivers server-to-client bytes no faster than its rate while a direct client gets them at once', async () => {
    server = await startBareWsServer(0);
    proxy = await startSlowReaderProxy(server.port, 100 * 1024);
    const [direct] = await swarm.add([{ url: server.url, roomId: 'r', recordFrames: true, join: false }]);
    const [slow] = await swarm.add([{ url: proxy.url, roomId: 'r', recordFrames: true, join: false }]);
    await waitUntil(() => server!.clientCount() === 2, 5_000, 'two connections');
    server.broadcast(encodeFrameMessage(metadata, new Uint8Array(100 * 1024)));
    await waitUntil(() => direct!.frames.length === 1, 5_000, 'the direct client');
    // 300 ms at 100 KB/s is ~30 KB: the 100 KB frame cannot be through yet, whatever the machine's load.
    await sleep(300);
    expect(slow!.frames).toHaveLength(0);
    await waitUntil(() => slow!.frames.length === 1, 10_000, 'the slow client');
    expect(proxy.deliveredBytes()).toBeGreaterThan(100 * 1024);
  });

  it('refuses a rate below one byte per second', async () => {
    await expect(startSlowReaderProxy(1, 0)).rejects.toThrow(SlowReaderProxyError);
  });
});
