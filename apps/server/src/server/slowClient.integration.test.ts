/**
 * A client that stops reading must not hold anyone else back: it skips to the newest frame, its backlog on the
 * server stays bounded, and it still gets every Yjs update. Real server, real clients, real engine.
 */
import { describe, expect, it } from 'vitest';
import type { RoomClient } from '../test/RoomClient.js';
import { useDemoServer } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';

const FRAME_SKIP_BYTES = 32 * 1024;

// The security layer's document-size and byte-rate limits would (rightly) stop the paste burst below.
const ctx = useDemoServer({
  security: false,
  limits: { frameSkipBufferedBytes: FRAME_SKIP_BYTES, maxBufferedBytes: 256 * 1024 * 1024 },
});
const join = (roomId: string): RoomClient => ctx.join(roomId);

/** The client's `ws` WebSocket; its `pause()` stops reading from TCP (and stays paused). */
function socketOf(client: RoomClient): NonNullable<RoomClient['socket']> {
  const socket = client.socket;
  if (!socket) throw new Error('client is not connected');
  return socket;
}

describe('a slow client', () => {
  it('skips frames and never delays the others; it catches up on the newest frame and the document', async () => {
    const typist = join('slow');
    const watcher = join('slow');
    await Promise.all([typist.synced(), watcher.synced()]);
    const slow = join('slow');
    await slow.synced();
    // Noisy 1024² JPEGs are large, so the stalled socket's kernel buffers fill after a few frames.
    typist.setParams({ width: 1024, height: 1024 });
    const slowSocket = socketOf(slow);
    slowSocket.pause();

    const room = ctx.server.rooms.get('slow')!;
    // Connections are kept in the order they joined: the slow client is the last.
    const slowOnServer = [...room.connections].at(-1)!;
    // Loopback kernel buffers hold megabytes; a burst of large document updates (never dropped) fills them.
    const paste = 'x'.repeat(192 * 1024);
    for (let i = 0; i < 100 && slowOnServer.bufferedAmount < FRAME_SKIP_BYTES; i++) {
      typist.doc.getText('notes').insert(0, paste);
      await waitUntil(() => watcher.doc.getText('notes').length === (i + 1) * paste.length, 'the watcher to get the paste');
    }
    const backlogAtStall = slowOnServer.bufferedAmount;
    expect(backlogAtStall).toBeGreaterThan(FRAME_SKIP_BYTES);

    const frameCount = 8;
    let maxBacklog = 0;
    let prompt = '';
    for (let i = 0; i < frameCount; i++) {
      prompt += ` ${i}`;
      typist.type(` ${i}`);
      // Each frame reaches the watcher while the slow client reads nothing at all.
      await watcher.frameOf(prompt);
      maxBacklog = Math.max(maxBacklog, slowOnServer.bufferedAmount);
    }
    // The stalled client queued no frame at all (only small status messages): every frame but the newest was skipped.
    expect(maxBacklog - backlogAtStall).toBeLessThan(16 * 1024);
    expect(slowOnServer.outbound.hasPendingFrame).toBe(true);
    expect(ctx.server.metrics.fanout.dropped).toBe(frameCount - 1);
    expect(watcher.frames.map((f) => f.metadata.prompt)).toEqual(typist.frames.map((f) => f.metadata.prompt));

    slowSocket.resume();
    await slow.frameOf(prompt);
    await waitUntil(() => slow.prompt === prompt, 'the slow client to get every update');
    expect(slow.frames.length).toBeLessThan(watcher.frames.length);
    const seqs = slow.frames.map((f) => f.metadata.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });
});
