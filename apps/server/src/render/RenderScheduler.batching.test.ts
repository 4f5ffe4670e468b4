import { describe, expect, it, vi } from 'vitest';
import type { PendingGeneration } from '../test/ControllableEngine.js';
import type { FakeRenderRoom } from '../test/FakeRenderRoom.js';
import { typeInto as type, useSchedulerHarness, WAIT } from '../test/schedulerHarness.js';
import type { RenderScheduler } from './RenderScheduler.js';

const setUp = useSchedulerHarness();
const prompts = (requests: ReadonlyArray<{ prompt: string }>): string[] => requests.map((r) => r.prompt);

/**
 * Types into each room in turn, waiting until it has queued before the next one, so the queue order is the
 * order given (debounce timers of equal length may fire in any order on a busy machine).
 */
async function queueInOrder(s: RenderScheduler, rooms: FakeRenderRoom[]): Promise<void> {
  for (const room of rooms) {
    const depth = s.queueDepth;
    type(s, room, `${room.id}1`);
    await vi.waitFor(() => expect(s.queueDepth).toBe(depth + 1), WAIT);
  }
}

describe('RenderScheduler batching', () => {
  it('starts queued compatible rooms as one batch, each with its newest input, and tells them all generating', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4 }, ['a', 'b', 'c', 'd', 'e']);
    const [a, b, c, d, e] = rooms;
    type(s, a!, 'a1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    await queueInOrder(s, [b!, c!, d!, e!]);
    // Latest wins inside the queue too: b's newer edit is what its batch renders.
    type(s, b!, 'b2');
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    expect(prompts(engine.batches[1]!.requests)).toEqual(['b2', 'c1', 'd1', 'e1']);
    for (const room of [b!, c!, d!, e!]) expect(room.progress.at(-1)).toEqual({ state: 'generating' });
    for (const generation of [...engine.pending]) generation.finish();
    await vi.waitFor(() => expect(e!.frames).toHaveLength(1), WAIT);
    expect(e!.frames[0]!.job.batchSize).toBe(4);
    expect(s.counts).toMatchObject({ batches: 2, batchFrames: 5, sharedBatchFrames: 4 });
    expect(engine.maxConcurrentModelWork).toBe(1);
  });

  it('takes only compatible rooms with the head, and the head always goes first', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4 }, ['a', 'b', 'c', 'd']);
    const [a, b, c, d] = rooms;
    type(s, a!, 'a1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    c!.width = 256;
    await queueInOrder(s, [c!, b!, d!]);
    engine.pending[0]!.finish();
    // c queued first (at another size): it starts alone rather than wait behind the larger compatible group.
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    expect(prompts(engine.batches[1]!.requests)).toEqual(['c1']);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(3), WAIT);
    expect(prompts(engine.batches[2]!.requests)).toEqual(['b1', 'd1']);
  });

  it('is round-robin across batches: a room that rendered queues behind rooms already waiting', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 2 }, ['a', 'b', 'c', 'd']);
    const [a, b, c, d] = rooms;
    type(s, a!, 'a1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    await queueInOrder(s, [b!, c!, d!]);
    type(s, a!, 'a2');
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    expect(prompts(engine.batches[1]!.requests)).toEqual(['b1', 'c1']);
    for (const generation of [...engine.pending]) generation.finish();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(3), WAIT);
    expect(prompts(engine.batches[2]!.requests)).toEqual(['d1', 'a2']);
  });

  it('starts the next batch when the model work ends, before the previous frames are delivered', async () => {
    const { engine, scheduler: s, rooms } = setUp({}, ['a', 'b']);
    const [a, b] = rooms;
    type(s, a!, 'a1');
    type(s, b!, 'b1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    engine.batches[0]!.endModelWork();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    // a's frame is still encoding: a stays generating and has no frame yet, while b's batch runs.
    expect(a!.frames).toHaveLength(0);
    expect(a!.progress.at(-1)).toEqual({ state: 'generating' });
    expect(b!.progress.at(-1)).toEqual({ state: 'generating' });
    for (const generation of [...engine.pending]) generation.finish();
    await vi.waitFor(() => expect(b!.frames).toHaveLength(1), WAIT);
    expect(a!.framePrompts).toEqual(['a1']);
  });

  it('keeps queue positions truthful: rooms behind a running batch count from 1', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 2 }, ['a', 'b', 'c', 'd']);
    const [a, b, c, d] = rooms;
    type(s, a!, 'a1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    await queueInOrder(s, [b!, c!, d!]);
    await vi.waitFor(() => expect(d!.progress.at(-1)).toEqual({ state: 'queued', position: 3 }), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    expect(b!.progress.at(-1)).toEqual({ state: 'generating' });
    expect(c!.progress.at(-1)).toEqual({ state: 'generating' });
    await vi.waitFor(() => expect(d!.progress.at(-1)).toEqual({ state: 'queued', position: 1 }), WAIT);
  });
});

describe('RenderScheduler batch window', () => {
  it('holds an idle engine for a room whose debounce ends within the window, so both share a batch', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4, batchWindowMs: 2_000, debounceMs: 20, maxWaitMs: 20 }, ['a', 'b']);
    type(s, rooms[0]!, 'a1');
    type(s, rooms[1]!, 'b1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    // Equal debounce timers may fire in either order: what counts is that both share the batch.
    expect(prompts(engine.batches[0]!.requests).sort()).toEqual(['a1', 'b1']);
  });

  it('holds for a room edited while its frame is being encoded, so typing rooms keep sharing batches', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4, batchWindowMs: 2_000, debounceMs: 20, maxWaitMs: 20 }, ['a', 'b']);
    const [a, b] = rooms;
    type(s, a!, 'a1');
    type(s, b!, 'b1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    engine.batches[0]!.endModelWork();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Edited after the model work ended: each room queues when its frame is sent.
    type(s, a!, 'a2');
    type(s, b!, 'b2');
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(s.queueDepth).toBe(1), WAIT);
    // The other room's frame is still encoding, and it is dirty too: the engine waits for it.
    expect(engine.batches).toHaveLength(1);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    expect(prompts(engine.batches[1]!.requests).sort()).toEqual(['a2', 'b2']);
  });

  it('pipelines: rooms edited during their generation join the next batch when the model work ends, and frames stay in order', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4 }, ['a', 'b']);
    const [a, b] = rooms;
    type(s, a!, 'a1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    type(s, b!, 'b1');
    await vi.waitFor(() => expect(s.queueDepth).toBe(1), WAIT);
    type(s, a!, 'a2');
    engine.batches[0]!.endModelWork();
    // a's first frame is still encoding: the next batch does not wait for it, and a joins it behind b.
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    expect(prompts(engine.batches[1]!.requests)).toEqual(['b1', 'a2']);
    expect(a!.progress.at(-1)).toEqual({ state: 'generating' });
    // a's second frame is ready before its first: it is delivered after it, never before.
    const [a1, b1, a2] = engine.pending as [PendingGeneration, PendingGeneration, PendingGeneration];
    a2.finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(a!.framePrompts).toEqual([]);
    a1.finish();
    await vi.waitFor(() => expect(a!.framePrompts).toEqual(['a1', 'a2']), WAIT);
    b1.finish();
    await vi.waitFor(() => expect(b!.framePrompts).toEqual(['b1']), WAIT);
    expect(a!.progress.at(-1)).toEqual({ state: 'idle' });
    expect(engine.maxConcurrentModelWork).toBe(1);
  });

  it('with lookahead, hands the engine its next full batch while it runs one, and never more than one ahead', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 2, lookahead: true }, ['a', 'b', 'c', 'd', 'e']);
    const [a, b, c, d, e] = rooms;
    type(s, a!, 'a1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    // One room waiting is not a full batch: it waits for the engine, so rooms gathering meanwhile can join it.
    await queueInOrder(s, [b!]);
    expect(engine.batches).toHaveLength(1);
    type(s, c!, 'c1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    expect(prompts(engine.batches[1]!.requests)).toEqual(['b1', 'c1']);
    expect(c!.progress.at(-1)).toEqual({ state: 'generating' });
    // Two batches in the engine: the next full one waits until the running one's model work ends.
    await queueInOrder(s, [d!, e!]);
    expect(engine.batches).toHaveLength(2);
    engine.batches[0]!.endModelWork();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(3), WAIT);
    expect(prompts(engine.batches[2]!.requests)).toEqual(['d1', 'e1']);
  });

  it('counts engine time: busy in model work, idle while a batch was ready (here: the batch window)', async () => {
    vi.useFakeTimers();
    try {
      const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4, batchWindowMs: 30, debounceMs: 5, maxWaitMs: 5 }, ['a', 'b', 'c']);
      const [a, b, c] = rooms;
      type(s, a!, 'a1');
      await vi.advanceTimersByTimeAsync(5);
      expect(engine.batches).toHaveLength(1);
      type(s, b!, 'b1');
      await vi.advanceTimersByTimeAsync(35);
      engine.pending[0]!.finish();
      // b queued at 10 ms, behind a's model work (5 to 40 ms): it starts at 40 ms, no idle time.
      await vi.advanceTimersByTimeAsync(0);
      expect(engine.batches).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(10);
      engine.pending[0]!.finish();
      await vi.advanceTimersByTimeAsync(0);
      expect(s.counts.engineBusyMs).toBe(45);
      expect(s.counts.engineIdleWaitingMs).toBe(0);
      // c queues at 55 ms; the window holds it for a, whose debounce ends at 57 ms, then both start: 2 ms idle.
      type(s, c!, 'c1');
      await vi.advanceTimersByTimeAsync(2);
      type(s, a!, 'a2');
      await vi.advanceTimersByTimeAsync(3);
      expect(engine.batches).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2);
      expect(engine.batches).toHaveLength(3);
      expect(prompts(engine.batches[2]!.requests)).toEqual(['c1', 'a2']);
      engine.batches[2]!.endModelWork();
      await vi.advanceTimersByTimeAsync(0);
      expect(s.counts.engineIdleWaitingMs).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds for rooms whose refine pause ends within the window, so refines share a batch too', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4, batchWindowMs: 2_000, debounceMs: 20, maxWaitMs: 20, refinePauseMs: 50 }, ['a', 'b']);
    for (const room of rooms) room.steps = 2;
    type(s, rooms[0]!, 'a1');
    type(s, rooms[1]!, 'b1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    for (const generation of [...engine.pending]) generation.finish();
    await vi.waitFor(() => expect(engine.batches).toHaveLength(2), WAIT);
    expect(engine.batches[1]!.requests.map((r) => `${r.prompt}/${r.steps}`).sort()).toEqual(['a1/2', 'b1/2']);
  });

  it('does not hold a room when nobody is about to join', async () => {
    // A 60 s window: were the lone room held, this test would time out.
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4, batchWindowMs: 60_000 }, ['a', 'b']);
    type(s, rooms[0]!, 'a1');
    await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    expect(prompts(engine.batches[0]!.requests)).toEqual(['a1']);
  });

  it('never holds a room longer than the window, even while another keeps typing', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxBatch: 4, batchWindowMs: 80, debounceMs: 40, maxWaitMs: 60_000 }, ['a', 'b']);
    const [a, b] = rooms;
    type(s, b!, 'b0');
    type(s, a!, 'a1');
    // a's own debounce ends first; b keeps typing faster than its debounce, so it is always "about to join".
    let n = 0;
    const typing = setInterval(() => type(s, b!, `b${++n}`), 5);
    try {
      await vi.waitFor(() => expect(engine.batches).toHaveLength(1), WAIT);
    } finally {
      clearInterval(typing);
    }
    expect(prompts(engine.batches[0]!.requests)).toEqual(['a1']);
  });
});
