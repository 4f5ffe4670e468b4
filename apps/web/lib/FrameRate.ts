/** Frames older than this no longer count towards the frame rate, in milliseconds. */
export const FPS_WINDOW_MS = 3000;

/**
 * Measures how many frames per second a room delivers, over a sliding window of arrival times.
 * A typist sees this rise to the model's rate; it falls to zero a window after the last frame.
 */
export class FrameRate {
  private arrivals: number[] = [];

  constructor(private readonly windowMs: number = FPS_WINDOW_MS) {}

  /** Records a frame that arrived at `nowMs` (epoch or monotonic ms; be consistent). */
  record(nowMs: number): void {
    this.arrivals.push(nowMs);
    this.trim(nowMs);
  }

  /** Frames per second at `nowMs`: frames within the window divided by the time they span. */
  fps(nowMs: number): number {
    this.trim(nowMs);
    const count = this.arrivals.length;
    // One frame is no rate yet.
    if (count < 2) return 0;
    const first = this.arrivals[0] as number;
    // Spread of (count - 1) intervals; the window bounds it from below so a burst is not "infinite" fps.
    const spanMs = Math.max(nowMs - first, 1);
    return ((count - 1) * 1000) / Math.min(spanMs, this.windowMs);
  }

  /** Forgets every arrival (after a reconnect, when old timings mean nothing). */
  reset(): void {
    this.arrivals = [];
  }

  private trim(nowMs: number): void {
    const oldest = nowMs - this.windowMs;
    let drop = 0;
    while (drop < this.arrivals.length && (this.arrivals[drop] as number) < oldest) drop++;
    if (drop > 0) this.arrivals = this.arrivals.slice(drop);
  }
}

/**
 * The latency of a frame as a person sees it: arrival time minus the server's `startedAt`, in ms.
 * Clocks of phone and server can differ; a negative result (a clock ahead of ours) is reported as null.
 */
export function frameLatencyMs(receivedAtMs: number, startedAtMs: number): number | null {
  const latency = receivedAtMs - startedAtMs;
  return Number.isFinite(latency) && latency >= 0 ? latency : null;
}
