import { describe, expect, it, vi } from 'vitest';
import { typeInto as type, useSchedulerHarness, WAIT } from '../test/schedulerHarness.js';

const setUp = useSchedulerHarness();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('RenderScheduler preview and refine', () => {
  it('renders a 1-step preview while the room is edited, then exactly one refine after the pause', async () => {
    const { engine, scheduler: s, rooms } = setUp({ refinePauseMs: 60 });
    const room = rooms[0]!;
    room.steps = 3;
    type(s, room, 'a cat');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    expect(engine.requests[0]).toMatchObject({ prompt: 'a cat', steps: 1, preview: true });
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    expect(engine.requests[1]).toMatchObject({ prompt: 'a cat', steps: 3 });
    expect(engine.requests[1]!.preview).toBeUndefined();
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(room.frames).toHaveLength(2), WAIT);
    await sleep(150);
    expect(engine.requests).toHaveLength(2);
    expect(room.frameLog).toEqual(['a cat/preview', 'a cat/refined']);
  });

  it('cancels a pending refine on a newer edit, which gets a preview; the refine then follows the newest input', async () => {
    const { engine, scheduler: s, rooms } = setUp({ refinePauseMs: 1_500 });
    const room = rooms[0]!;
    room.steps = 2;
    type(s, room, 'a dog');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(room.frames).toHaveLength(1), WAIT);
    type(s, room, 'a dog running');
    await vi.waitFor(() => expect(engine.requests).toHaveLength(2), WAIT);
    expect(engine.requests[1]).toMatchObject({ prompt: 'a dog running', preview: true });
    expect(s.counts.refinesCancelled).toBe(1);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.requests).toHaveLength(3), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(room.frames).toHaveLength(3), WAIT);
    expect(room.frameLog).toEqual(['a dog/preview', 'a dog running/preview', 'a dog running/refined']);
  });

  it('turns a queued refine into a preview of the edit, keeping its place in the queue', async () => {
    const { engine, scheduler: s, rooms } = setUp({ refinePauseMs: 30 }, ['a', 'b']);
    const [a, b] = rooms;
    a!.steps = 2;
    type(s, a!, 'a1');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(a!.frames).toHaveLength(1), WAIT);
    // b keeps the engine busy, so a's refine has to queue.
    b!.steps = 1;
    type(s, b!, 'b1');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    await vi.waitFor(() => expect(s.queueDepth).toBe(1), WAIT);
    type(s, a!, 'a2');
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.requests).toHaveLength(3), WAIT);
    expect(engine.requests[2]).toMatchObject({ prompt: 'a2', preview: true });
    expect(s.counts.refinesCancelled).toBe(1);
  });

  it('renders a room already at 1 step (no preview decoder) at full quality at once, with no second frame', async () => {
    const { engine, scheduler: s, rooms } = setUp({ refinePauseMs: 20 });
    const room = rooms[0]!;
    room.steps = 1;
    type(s, room, 'one step');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(room.frames).toHaveLength(1), WAIT);
    await sleep(100);
    expect(engine.requests).toHaveLength(1);
    expect(room.frameLog).toEqual(['one step/refined']);
  });

  it('previews 1-step rooms too when the engine has a preview decoder', async () => {
    const { engine, scheduler: s, rooms } = setUp({ refinePauseMs: 20, hasPreviewDecoder: () => true });
    const room = rooms[0]!;
    room.steps = 1;
    type(s, room, 'tiny vae');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(room.frames).toHaveLength(2), WAIT);
    expect(room.frameLog).toEqual(['tiny vae/preview', 'tiny vae/refined']);
  });
});
