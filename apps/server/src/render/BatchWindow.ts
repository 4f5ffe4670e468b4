import type { RoomSlot } from './roomSlot.js';

/**
 * The batch window: how long an idle engine holds the head of the queue back so rooms about to queue share its
 * batch instead of each waiting a whole turn. It waits only while someone will join within the window: a room
 * whose debounce or refine pause ends by then, or an edited room whose previous frame is still being rendered or
 * sent (it queues as soon as that is over). Never longer than `windowMs` after the head queued.
 */
export class BatchWindow {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly windowMs: number,
    /** When a waiting room's debounce is due (`performance.now()` ms). */
    private readonly debounceDueMs: (slot: RoomSlot) => number,
    /** The window closed: the scheduler tries to start a batch again. */
    private readonly onClose: () => void,
  ) {}

  /**
   * True (and a timer armed to call `onClose`) when the head of `queue` should wait for rooms about to join a batch
   * of at most `limit`; false when the batch should start now.
   */
  holds(queue: readonly RoomSlot[], slots: Iterable<RoomSlot>, limit: number): boolean {
    this.cancel();
    const head = queue[0];
    if (!head || limit <= 1 || this.windowMs <= 0 || queue.length >= limit) return false;
    const until = head.queuedAtMs + this.windowMs;
    const now = performance.now();
    if (now >= until || !this.someoneJoinsBy(slots, until)) return false;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onClose();
    }, until - now);
    return true;
  }

  /** Stops a pending window timer. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private someoneJoinsBy(slots: Iterable<RoomSlot>, untilMs: number): boolean {
    for (const slot of slots) {
      if (slot.phase === 'waiting' && this.debounceDueMs(slot) <= untilMs) return true;
      if (slot.phase === 'rendering' && slot.dirty) return true;
      if (slot.phase === 'idle' && slot.refineTimer !== undefined && slot.refineDueMs <= untilMs) return true;
    }
    return false;
  }
}
