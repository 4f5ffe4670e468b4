import { QUEUE_POSITION_REFRESH_MS } from './renderSchedulerOptions.js';
import type { RoomSlot } from './roomSlot.js';

/**
 * Tells queued rooms their place (1 = next). A room that just joined the queue is told at once; rooms that moved
 * up are told with the next refresh, at most every {@link QUEUE_POSITION_REFRESH_MS}, because every dequeue moves
 * every waiting room and each move is a status message to all of its clients.
 */
export class QueuePositions {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** `queue` is the scheduler's own array, read (never changed) at each call and refresh. */
  constructor(private readonly queue: readonly RoomSlot[]) {}

  /** The queue changed: tell newcomers now, and schedule a refresh for rooms that moved. */
  tell(): void {
    let moved = false;
    this.queue.forEach((slot, index) => {
      if (slot.toldPosition === index + 1) return;
      if (slot.toldPosition === 0) this.tellOne(slot, index + 1);
      else moved = true;
    });
    if (moved && this.timer === undefined && !this.stopped) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.queue.forEach((slot, index) => {
          if (slot.toldPosition !== index + 1) this.tellOne(slot, index + 1);
        });
      }, QUEUE_POSITION_REFRESH_MS);
    }
  }

  /** Sends nothing more. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private tellOne(slot: RoomSlot, position: number): void {
    slot.toldPosition = position;
    slot.client.onProgress({ state: 'queued', position });
  }
}
