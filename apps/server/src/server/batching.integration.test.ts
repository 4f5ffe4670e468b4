/**
 * Cross-room batching through a real server, the real engine on the demo model and real y-websocket clients:
 * rooms typing at once share engine batches, and each room's frames are the ones it would get alone.
 */
import { describe, expect, it } from 'vitest';
import { BATCH_PIXEL_TOLERANCE, differenceFromAlone } from '../test/framePixels.js';
import { useDemoServer } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';

const REFINE_PAUSE_MS = 500;
// A generous window: the four rooms' debounce timers may fire late on a busy machine, and still share a batch.
const ctx = useDemoServer({ maxBatch: 4, batchWindowMs: 250, refinePauseMs: REFINE_PAUSE_MS });

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${ctx.server.httpUrl}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
}

describe('cross-room batching', () => {
  it('renders four rooms typing at once in shared batches, each frame matching its room rendered alone', async () => {
    const subjects = ['a lighthouse in a storm', 'a red fox in the snow', 'a bowl of ramen, studio light', 'a tram in lisbon at dusk'];
    const clients = subjects.map((_, i) => ctx.join(`batch-${i}`));
    await Promise.all(clients.map((c) => c.synced()));
    clients.forEach((client, i) => client.setParams({ width: 256, height: 256, steps: 2, seed: 100 + i }));
    const longest = Math.max(...subjects.map((s) => s.length));
    for (let k = 0; k < longest; k++) {
      clients.forEach((client, i) => {
        const char = subjects[i]![k];
        if (char !== undefined) client.type(char);
      });
      await sleep(6);
    }
    await Promise.all(
      clients.map((client, i) =>
        client.frameWhere((f) => f.metadata.prompt === subjects[i] && f.metadata.quality === 'refined', `room ${i}'s refined frame`),
      ),
    );
    const frames = clients.flatMap((client) => client.frames);
    const shared = frames.filter((f) => (f.metadata.timings?.batchSize ?? 1) > 1);
    expect(shared.length).toBeGreaterThan(0);
    expect(Math.max(...frames.map((f) => f.metadata.timings?.batchSize ?? 1))).toBe(4);
    expect(await metric('promptjam_render_shared_batch_frames_total')).toBeGreaterThanOrEqual(shared.length);
    expect(await metric('promptjam_render_batches_total')).toBeLessThan(await metric('promptjam_frames_rendered_total'));
    // Every frame, batched or not, previews and refines alike, is the picture its room gets alone (same seed).
    const encoding = { imageFormat: ctx.server.config.imageFormat, imageQuality: ctx.server.config.imageQuality };
    for (const frame of frames) {
      const difference = await differenceFromAlone(ctx.engine, frame.metadata, frame.image, encoding);
      expect(difference, `${frame.metadata.prompt} (${frame.metadata.quality}, batch of ${frame.metadata.timings?.batchSize})`).toBeLessThanOrEqual(BATCH_PIXEL_TOLERANCE);
    }
    // Rooms never see each other's pictures: every frame carries its own room's prompt and seed.
    clients.forEach((client, i) => {
      for (const frame of client.frames) {
        expect(subjects[i]!.startsWith(frame.metadata.prompt)).toBe(true);
        expect(frame.metadata.params.seed).toBe(100 + i);
      }
    });
    await waitUntil(() => clients.every((c) => c.statuses.at(-1)?.state === 'idle'), 'every room to go idle');
  });
});
