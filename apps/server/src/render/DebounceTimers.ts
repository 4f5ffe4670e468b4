import type { RoomSlot } from './roomSlot.js';

/**
 * The debounce of edited rooms: a waiting room joins the queue once it has been quiet for `debounceMs` after its
 * newest edit, or at its deadline (`maxWaitMs` after its first edit) if edits keep coming. One timer per waiting
 * room: edits only move `lastEditMs`, and a timer that fires early re-arms itself for the new due time.
 */
export class DebounceTimers {
  constructor(
    private readonly debounceMs: number,
    /** Whether the scheduler still has this slot (a removed room's timer does nothing). */
    private readonly isCurrent: (slot: RoomSlot) => boolean,
    /** The room is due: the scheduler queues it. */
    private readonly onDue: (slot: RoomSlot) => void,
  ) {}

  /** When a waiting room's debounce (or max wait) is due, `performance.now()` ms. */
  dueMs(slot: RoomSlot): number {
    return Math.min(slot.lastEditMs + this.debounceMs, slot.deadlineMs);
  }

  /** Sets the timer of a waiting room to fire when it is due; a room already due is handed to `onDue` at once. */
  arm(slot: RoomSlot, now: number): void {
    const due = this.dueMs(slot);
    if (due <= now) {
      this.onDue(slot);
      return;
    }
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (slot.phase === 'waiting' && this.isCurrent(slot)) this.arm(slot, performance.now());
    }, due - now);
  }
}
