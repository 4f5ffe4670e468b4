/**
 * How often a room tells its clients its render status (type 101: queued, generating, idle, held, error).
 *
 * A status is a state, not an event: a client only ever shows the newest one. Yet a busy room changes state three
 * or four times per frame (queued, moved up, generating, idle), and every change is one message, and one socket
 * write, to each of its clients. At 20 typing rooms x 50 clients those status writes outnumbered the frames four to
 * one and were most of the main thread's work (docs/BENCHMARKS.md, scenario 6). So a room's statuses are paced:
 * - the first status after a quiet interval goes out at once (leading edge: an idle room that starts rendering
 *   says so without delay);
 * - statuses offered within `intervalMs` of the last one sent are held, and only the newest of them goes out when
 *   the interval ends (trailing edge: the final state is always delivered);
 * - a status whose bytes equal the last one sent is not sent again.
 * - when the room sends a frame ({@link frameSent}), a held status goes out right after it, and so does every status
 *   offered in the rest of that turn of the event loop (the `idle` or `queued` that follows a frame): each client's
 *   frame and statuses then leave in one socket write (see OutboundChannel). That order is right, since those
 *   statuses are newer than the frame's generation.
 * Frames themselves are never paced. `intervalMs` 0 sends every status at once.
 */
export class StatusPacer {
  private lastSent: Uint8Array | undefined;
  private lastSentAtMs = Number.NEGATIVE_INFINITY;
  private held: Uint8Array | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A frame went out in this turn: statuses share its write, so they are sent at once until the turn ends. */
  private riding = false;
  private readonly endRide = (): void => {
    this.riding = false;
  };

  constructor(
    private readonly intervalMs: number,
    /** Sends one status message to the room's clients (and its cluster peers). */
    private readonly send: (message: Uint8Array) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A new status (encoded once for every client): sent now, or held as the newest until the interval ends. */
  offer(message: Uint8Array): void {
    const elapsed = this.now() - this.lastSentAtMs;
    if (this.riding || (this.timer === undefined && elapsed >= this.intervalMs)) {
      this.emit(message);
      return;
    }
    this.held = message;
    this.timer ??= setTimeout(this.sendHeld, Math.max(0, this.intervalMs - elapsed));
  }

  /**
   * The room just sent a frame: the held status (if any) goes out now, and statuses offered until this turn of the
   * event loop ends go out at once, all in the frame's socket write.
   */
  frameSent(): void {
    if (!this.riding) {
      this.riding = true;
      process.nextTick(this.endRide);
    }
    if (this.held === undefined) return;
    clearTimeout(this.timer);
    this.sendHeld();
  }

  /** Drops a held status and its timer (the room is unloading). */
  cancel(): void {
    this.riding = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held = undefined;
  }

  private readonly sendHeld = (): void => {
    this.timer = undefined;
    const message = this.held;
    this.held = undefined;
    if (message) this.emit(message);
  };

  private emit(message: Uint8Array): void {
    if (this.lastSent !== undefined && sameBytes(this.lastSent, message)) return;
    this.lastSent = message;
    this.lastSentAtMs = this.now();
    this.send(message);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
