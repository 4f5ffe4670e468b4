import type { RenderCounts } from './renderSchedulerOptions.js';
import type { RoomSlot } from './roomSlot.js';

/**
 * The refine pause: after a room's preview, once it has been quiet for `refinePauseMs` after its newest edit, it
 * queues once more for a refined frame of the same input. An edit first cancels the refine (counted in
 * `counts.refinesCancelled`); a refine already queued turns back into a preview of the edit, keeping its place.
 */
export class RefineTimers {
  constructor(
    /** 0 turns previews (and so refines) off. */
    private readonly refinePauseMs: number,
    private readonly counts: RenderCounts,
    /** Whether the scheduler still has this slot and is running. */
    private readonly isLive: (slot: RoomSlot) => boolean,
    /** The pause is over: the scheduler queues the room for its refine. */
    private readonly onDue: (slot: RoomSlot) => void,
  ) {}

  /** Whether frames of rooms being edited are previews. */
  get previewsOn(): boolean {
    return this.refinePauseMs > 0;
  }

  /** After a preview, queues the room's refine a refine pause after its newest edit, unless an edit comes first. */
  armAfterEdit(slot: RoomSlot): void {
    this.arm(slot, slot.lastEditMs + this.refinePauseMs);
  }

  /** After a preview, queues the room's refine at `dueMs` (`performance.now()` ms) unless an edit comes first. */
  arm(slot: RoomSlot, dueMs: number): void {
    if (!this.previewsOn || slot.lastQuality !== 'preview' || slot.refineTimer !== undefined || !this.isLive(slot)) return;
    slot.refineDueMs = dueMs;
    slot.refineTimer = setTimeout(() => {
      slot.refineTimer = undefined;
      if (slot.phase !== 'idle' || !this.isLive(slot)) return;
      slot.wants = 'refine';
      this.onDue(slot);
    }, Math.max(0, dueMs - performance.now()));
  }

  /** An edit came: a refine not yet started is dropped (the edit renders a preview instead). */
  cancel(slot: RoomSlot): void {
    if (slot.refineTimer !== undefined) {
      clearTimeout(slot.refineTimer);
      slot.refineTimer = undefined;
      this.counts.refinesCancelled += 1;
    }
    if (slot.phase === 'queued' && slot.wants === 'refine') {
      this.counts.refinesCancelled += 1;
      // The room keeps its place in the queue; it now renders a preview of the edit instead.
      slot.wants = 'edit';
      slot.dirtySinceMs = performance.now();
    }
  }

  /** Drops the room's refine without counting it as cancelled (the room leaves, or the scheduler stops). */
  clear(slot: RoomSlot): void {
    clearTimeout(slot.refineTimer);
    slot.refineTimer = undefined;
  }
}
