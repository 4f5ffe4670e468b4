/**
 * The keep-alive sweep: every `periodMs` each connection that answered nothing since the previous sweep is dropped,
 * and every other one is pinged (RFC 6455 ping/pong, as `ws`'s keep-alive recipe does it).
 *
 * Two guards keep a stall of this server's own event loop from dropping healthy clients:
 * - the judgement runs in `setImmediate`, i.e. after the event loop's poll phase: a sweep that fires late, right after
 *   a stall, first lets the pongs that arrived meanwhile be read (Node runs due timers before reading sockets);
 * - a sweep that itself runs more than {@link LATE_SWEEP_FACTOR} periods after the previous one (the loop was stalled,
 *   so nobody had a fair chance to answer) pings everyone and drops nobody; the next punctual sweep judges again.
 */

/** What the sweep needs of a connection. */
export interface HeartbeatPeer {
  /** Drops the peer if `judge` and it has not answered since the last ping; otherwise pings it. */
  heartbeat(judge: boolean): void;
}

/** A sweep later than this many periods after the previous one judges nobody. */
export const LATE_SWEEP_FACTOR = 1.5;

export class HeartbeatSweep {
  private timer: NodeJS.Timeout | undefined;
  private lastSweepAt: number;
  /** Sweeps that judged nobody because the event loop had stalled (for logs and tests). */
  lateSweeps = 0;

  constructor(
    private readonly periodMs: number,
    private readonly peers: () => Iterable<HeartbeatPeer>,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastSweepAt = now();
  }

  /** Starts sweeping every period (the timer does not keep the process alive). */
  start(): void {
    this.timer ??= setInterval(() => this.sweep(), this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sweep (the timer's; tests call it directly). Resolves once every peer was judged or pinged. */
  sweep(): Promise<void> {
    const at = this.now();
    const late = at - this.lastSweepAt > LATE_SWEEP_FACTOR * this.periodMs;
    this.lastSweepAt = at;
    if (late) this.lateSweeps++;
    return new Promise((resolve) =>
      setImmediate(() => {
        for (const peer of this.peers()) peer.heartbeat(!late);
        resolve();
      }),
    );
  }
}
