/**
 * Preview while typing, one refine after a quiet pause: a real server, the real engine on the demo model and real
 * y-websocket clients. The pause is long (1.5 s) so that "before the pause" never depends on a quick machine.
 */
import { describe, expect, it } from 'vitest';
import { useDemoServer } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';

const REFINE_PAUSE_MS = 1_500;
const ctx = useDemoServer({ refinePauseMs: REFINE_PAUSE_MS });

describe('preview and refine', () => {
  it('sends previews while a room is typed in, then exactly one refined frame after the pause', async () => {
    const client = ctx.join('refine-once');
    await client.synced();
    client.setParams({ width: 256, height: 256, steps: 3 });
    const text = 'a paper boat on a puddle';
    for (const char of text) {
      client.type(char);
      await sleep(5);
    }
    const lastEditAt = performance.now();
    const refined = await client.frameWhere((f) => f.metadata.quality === 'refined', 'the refined frame');
    expect(refined.metadata.prompt).toBe(text);
    expect(refined.metadata.timings?.unetStep3).toBeGreaterThan(0);
    expect(refined.receivedAt - lastEditAt).toBeGreaterThanOrEqual(REFINE_PAUSE_MS);
    // Nothing more comes while the room stays quiet.
    await sleep(REFINE_PAUSE_MS * 2);
    const qualities = client.frames.map((f) => f.metadata.quality);
    expect(qualities.at(-1)).toBe('refined');
    expect(qualities.filter((q) => q === 'refined')).toHaveLength(1);
    expect(qualities.slice(0, -1).length).toBeGreaterThan(0);
    for (const preview of client.frames.slice(0, -1)) {
      expect(preview.metadata.quality).toBe('preview');
      expect(preview.metadata.timings?.unetStep2).toBeUndefined();
    }
    expect(client.statuses.at(-1)?.state).toBe('idle');
  });

  it('answers an edit during a pending refine with a preview, and cancels that refine', async () => {
    const client = ctx.join('refine-cancel');
    await client.synced();
    client.setParams({ width: 256, height: 256, steps: 2 });
    client.type('a quiet harbour');
    await client.frameWhere((f) => f.metadata.prompt === 'a quiet harbour', 'the first preview');
    client.type(' at night');
    const preview = await client.frameWhere((f) => f.metadata.prompt === 'a quiet harbour at night', 'the preview of the edit');
    expect(preview.metadata.quality).toBe('preview');
    await client.frameWhere((f) => f.metadata.quality === 'refined', 'the refined frame of the edit');
    await sleep(REFINE_PAUSE_MS);
    expect(client.frames.map((f) => `${f.metadata.prompt}/${f.metadata.quality}`)).toEqual([
      'a quiet harbour/preview',
      'a quiet harbour at night/preview',
      'a quiet harbour at night/refined',
    ]);
    const metrics = await (await fetch(`${ctx.server.httpUrl}/metrics`)).text();
    expect(Number(/^promptjam_refines_cancelled_total (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    await waitUntil(() => client.statuses.at(-1)?.state === 'idle', 'the room to go idle');
  });
});
