import { DEFAULT_PARAMS } from '@promptjam/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { FakeRenderRoom } from '../test/FakeRenderRoom.js';
import { typeInto as type, useSchedulerHarness, WAIT } from '../test/schedulerHarness.js';

const setUp = useSchedulerHarness();

describe('RenderScheduler', () => {
  it('coalesces a burst of edits into one generation of the newest prompt', async () => {
    const { engine, scheduler: s, rooms } = setUp();
    const room = rooms[0]!;
    for (const prompt of ['a', 'a c', 'a ca', 'a cat']) type(s, room, prompt);
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    expect(engine.requests.map((r) => r.prompt)).toEqual(['a cat']);
    // Text-to-image: the room's strength only goes to the engine with an init image (the engine refuses it alone).
    const { strength: _strength, ...textParams } = DEFAULT_PARAMS;
    expect(engine.requests[0]).toMatchObject({ ...textParams, format: 'jpeg', quality: 80 });
    expect(engine.requests[0]).not.toHaveProperty('strength');
    engine.pending[0]!.finish(12);
    await vi.waitFor(() => expect(room.frames).toHaveLength(1), WAIT);
    expect(room.frames[0]!.result.genMs).toBe(12);
    expect(room.progress.at(-1)).toEqual({ state: 'idle' });
  });

  it('renders within the max wait while edits keep coming faster than the debounce', async () => {
    // Fake clock: the test judges the debounce and max-wait logic, not how fast this machine runs timers.
    vi.useFakeTimers();
    try {
      const { engine, scheduler: s, rooms } = setUp({ debounceMs: 40, maxWaitMs: 60 });
      let n = 0;
      // An edit every 5 ms: the 40 ms debounce never expires; only the max wait (60 ms after the first edit) does.
      for (let elapsedMs = 0; elapsedMs < 60; elapsedMs += 5) {
        type(s, rooms[0]!, `prompt ${n++}`);
        await vi.advanceTimersByTimeAsync(5);
        if (elapsedMs + 5 < 60) expect(engine.requests).toHaveLength(0);
      }
      expect(engine.requests.map((r) => r.prompt)).toEqual([`prompt ${n - 1}`]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps one generation in flight and one pending per room, and the pending one renders the newest prompt', async () => {
    const { engine, scheduler: s, rooms } = setUp();
    const room = rooms[0]!;
    type(s, room, 'first');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    for (const prompt of ['second', 'third', 'fourth']) type(s, room, prompt);
    await new Promise((r) => setTimeout(r, 30));
    expect(engine.requests).toHaveLength(1);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.requests).toHaveLength(2), WAIT);
    expect(engine.requests[1]!.prompt).toBe('fourth');
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(room.frames).toHaveLength(2), WAIT);
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.requests).toHaveLength(2);
    expect(room.framePrompts).toEqual(['first', 'fourth']);
    expect(engine.maxConcurrent).toBe(1);
  });

  it('takes dirty rooms in turn and tells queued rooms their position', async () => {
    const { engine, scheduler: s, rooms } = setUp({}, ['a', 'b', 'c']);
    const [a, b, c] = rooms as [FakeRenderRoom, FakeRenderRoom, FakeRenderRoom];
    type(s, a, 'a1');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    // One after the other: equal debounce timers may fire in either order on a busy machine.
    type(s, b, 'b1');
    await vi.waitFor(() => expect(s.queueDepth).toBe(1), WAIT);
    type(s, c, 'c1');
    await vi.waitFor(() => expect(s.queueDepth).toBe(2), WAIT);
    expect(b.progress.at(-1)).toEqual({ state: 'queued', position: 1 });
    expect(c.progress.at(-1)).toEqual({ state: 'queued', position: 2 });
    // a edits again while rendering: it must wait behind b and c.
    type(s, a, 'a2');
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.requests).toHaveLength(2), WAIT);
    // a is told its place on entering the queue; c's move up comes with the next position refresh.
    expect(a.progress.at(-1)).toEqual({ state: 'queued', position: 2 });
    expect(c.progress.at(-1)).toEqual({ state: 'queued', position: 2 });
    await vi.waitFor(() => expect(c.progress.at(-1)).toEqual({ state: 'queued', position: 1 }), WAIT);
    for (let i = 0; i < 3; i++) {
      await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
      engine.pending[0]!.finish();
    }
    await vi.waitFor(() => expect(a.frames).toHaveLength(2), WAIT);
    expect(engine.requests.map((r) => r.prompt)).toEqual(['a1', 'b1', 'c1', 'a2']);
  });

  it('reports a failed generation to its room only, and the room renders again on its next edit', async () => {
    const { engine, scheduler: s, rooms } = setUp({}, ['a', 'b']);
    const [a, b] = rooms as [FakeRenderRoom, FakeRenderRoom];
    type(s, a, 'doomed');
    type(s, b, 'fine');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.fail(new Error('out of memory'));
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(b.frames).toHaveLength(1), WAIT);
    expect(a.errors.map((e) => e.message)).toEqual(['out of memory']);
    expect(a.frames).toHaveLength(0);
    expect(b.errors).toHaveLength(0);
    type(s, a, 'doomed, retried');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(a.framePrompts).toEqual(['doomed, retried']), WAIT);
  });

  it('does not render an unchanged or empty prompt', async () => {
    const { engine, scheduler: s, rooms } = setUp();
    const room = rooms[0]!;
    type(s, room, 'same');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(room.frames).toHaveLength(1), WAIT);
    type(s, room, 'same');
    type(s, room, '   ');
    await new Promise((r) => setTimeout(r, 40));
    expect(engine.requests).toHaveLength(1);
    room.seed = 7;
    type(s, room, 'same');
    await vi.waitFor(() => expect(engine.requests).toHaveLength(2), WAIT);
    expect(engine.requests[1]).toMatchObject({ prompt: 'same', seed: 7 });
  });

  it('turns rooms away when the queue is full and lets them in when it frees', async () => {
    const { engine, scheduler: s, rooms } = setUp({ maxQueue: 1, queueFullRetryMs: 20 }, ['a', 'b', 'c']);
    const [a, b, c] = rooms as [FakeRenderRoom, FakeRenderRoom, FakeRenderRoom];
    type(s, a, 'a');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    type(s, b, 'b');
    await vi.waitFor(() => expect(s.queueDepth).toBe(1), WAIT);
    type(s, c, 'c');
    await vi.waitFor(() => expect(c.progress.at(-1)?.state).toBe('error'), WAIT);
    expect(s.queueDepth).toBe(1);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.requests.map((r) => r.prompt)).toEqual(['a', 'b']), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(engine.requests.map((r) => r.prompt)).toEqual(['a', 'b', 'c']), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(c.frames).toHaveLength(1), WAIT);
  });

  it('holds an input the hold check refuses: no generation, a held status, and it renders once no longer held', async () => {
    let blocked = 'owl';
    const { engine, scheduler: s, rooms } = setUp({ hold: (input) => (input.prompt.includes(blocked) ? 'held by the list' : undefined) });
    const room = rooms[0]!;
    type(s, room, 'a cat');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    engine.pending[0]!.finish();
    await vi.waitFor(() => expect(room.frames).toHaveLength(1), WAIT);
    type(s, room, 'an owl');
    await vi.waitFor(() => expect(room.progress.at(-1)).toEqual({ state: 'held', message: 'held by the list' }), WAIT);
    expect(engine.requests).toHaveLength(1);
    // Going back to what the last frame shows needs no generation.
    type(s, room, 'a cat');
    await vi.waitFor(() => expect(room.progress.at(-1)).toEqual({ state: 'idle' }), WAIT);
    expect(engine.requests).toHaveLength(1);
    // Held again, then the rule changes: the held room is rendered without another edit.
    type(s, room, 'an owl');
    await vi.waitFor(() => expect(room.progress.at(-1)?.state).toBe('held'), WAIT);
    blocked = 'nothing-matches';
    s.recheckHeld();
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    expect(engine.requests.at(-1)!.prompt).toBe('an owl');
  });

  it('forgets an unregistered room: no frame for it, and it leaves the queue', async () => {
    const { engine, scheduler: s, rooms } = setUp({}, ['a', 'b']);
    const [a, b] = rooms as [FakeRenderRoom, FakeRenderRoom];
    type(s, a, 'a');
    await vi.waitFor(() => expect(engine.pending).toHaveLength(1), WAIT);
    type(s, b, 'b');
    await vi.waitFor(() => expect(s.queueDepth).toBe(1), WAIT);
    s.unregister('a');
    s.unregister('b');
    expect(s.queueDepth).toBe(0);
    engine.pending[0]!.finish();
    await new Promise((r) => setTimeout(r, 20));
    expect(a.frames).toHaveLength(0);
    expect(engine.requests).toHaveLength(1);
  });
});
