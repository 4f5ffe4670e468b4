import { afterEach } from 'vitest';
import { RenderScheduler } from '../render/RenderScheduler.js';
import type { RenderSchedulerOptions } from '../render/renderSchedulerOptions.js';
import { ControllableEngine } from './ControllableEngine.js';
import { FakeRenderRoom } from './FakeRenderRoom.js';

/** Scheduler options for unit tests: short debounce, no batching, no previews unless a test asks. */
export const TEST_SCHEDULER_OPTIONS: RenderSchedulerOptions = { debounceMs: 5, maxWaitMs: 50, maxQueue: 8, imageFormat: 'jpeg', imageQuality: 80 };

/** `vi.waitFor` settings that survive a busy machine. */
export const WAIT = { timeout: 5_000, interval: 2 };

/** A scheduler on a {@link ControllableEngine} with fake rooms. */
export interface SchedulerHarness {
  engine: ControllableEngine;
  scheduler: RenderScheduler;
  rooms: FakeRenderRoom[];
}

/**
 * Returns a `setUp(options, roomIds)` for one test file; after each test the scheduler is stopped and every
 * pending generation finished, so no test leaks timers or promises into the next.
 */
export function useSchedulerHarness(): (options?: Partial<RenderSchedulerOptions>, roomIds?: string[]) => SchedulerHarness {
  let current: SchedulerHarness | undefined;
  afterEach(async () => {
    const stopped = current?.scheduler.stop();
    for (const generation of [...(current?.engine.pending ?? [])]) generation.finish();
    await stopped;
    current = undefined;
  });
  return (options = {}, roomIds = ['a']) => {
    const engine = new ControllableEngine();
    const scheduler = new RenderScheduler(engine, { ...TEST_SCHEDULER_OPTIONS, ...options });
    const rooms = roomIds.map((id) => new FakeRenderRoom(id));
    for (const room of rooms) scheduler.register(room);
    current = { engine, scheduler, rooms };
    return current;
  };
}

/** Edits a room's prompt and tells the scheduler. */
export function typeInto(scheduler: RenderScheduler, room: FakeRenderRoom, prompt: string): void {
  room.prompt = prompt;
  scheduler.markDirty(room.id);
}
