import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrameMessage } from '@promptjam/protocol';
import { startBareWsServer, type BareWsServer } from './bareWsServer.js';
import { ClientSwarm } from './ClientSwarm.js';
import { SAMPLE_FRAME_METADATA } from './test/sampleFrame.js';
import { waitUntil } from './clock.js';

const metadata = SAMPLE_FRAME_METADATA;

let server: BareWsServer | null = null;
const swarm = new ClientSwarm();
afterEach(async () => {
  await swarm.closeAll();
  await server?.close();
  server = null;
});

describe('bare ws baseline with raw clients', () => {
  it('broadcasts the same frame bytes to every client, which record its metadata and arrival', async () => {
    server = await startBareWsServer(0);
    const clients = await swarm.add(Array.from({ length: 3 }, () => ({ url: server!.url, roomId: 'r', recordFrames: true, join: false })));
    await waitUntil(() => server!.clientCount() === 3, 5_000, 'three connections');
    const bytes = encodeFrameMessage(metadata, new Uint8Array(60_000).fill(9));
    const sent = server.broadcast(bytes);
    expect(sent.clients).toBe(3);
    await waitUntil(() => clients.every((c) => c.frames.length === 1), 5_000, 'the frame at every client');
    for (const c of clients) {
      const frame = c.frames[0]!;
      expect(frame).toMatchObject({ seq: 7, prompt: 'a lighthouse', genMs: 12.5, startedAtEpochMs: metadata.startedAt, messageBytes: bytes.byteLength });
      expect(frame.arrivalEpochMs).toBeGreaterThanOrEqual(sent.sentAtEpochMs);
    }
  });

  it('relays a client message only to the other clients on the same path', async () => {
    server = await startBareWsServer(0);
    const [a, b] = await swarm.add([
      { url: server.url, roomId: 'one', recordFrames: true, join: false },
      { url: server.url, roomId: 'one', recordFrames: true, join: false },
    ]);
    const [other] = await swarm.add([{ url: server.url, roomId: 'two', recordFrames: true, join: false }]);
    a!.sendYjsUpdate(new Uint8Array([0, 0]));
    await waitUntil(() => b!.bytesReceived > 0, 5_000, 'the relayed message');
    expect(a!.bytesReceived).toBe(0);
    expect(other!.bytesReceived).toBe(0);
  });
});
