/**
 * A token bucket: holds up to `capacity` tokens, refills at `refillPerSecond`, and admits a cost only when
 * enough tokens are there. Used for messages and bytes per second per connection and for new connections
 * per address. Time comes from a monotonic clock in milliseconds (injectable for tests).
 */

/** A monotonic clock in milliseconds. */
export type ClockMs = () => number;

/** `performance.now()`: monotonic, unaffected by wall-clock changes. */
export const monotonicMs: ClockMs = () => performance.now();

export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;

  /**
   * @param capacity most tokens the bucket holds (the burst), > 0
   * @param refillPerSecond tokens added per second (the sustained rate), > 0
   * @param nowMs the clock; the bucket starts full at its current reading
   */
  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    private readonly nowMs: ClockMs = monotonicMs,
  ) {
    if (!(capacity > 0) || !(refillPerSecond > 0)) {
      throw new RangeError(`token bucket needs capacity > 0 and refillPerSecond > 0, got ${capacity} and ${refillPerSecond}`);
    }
    this.tokens = capacity;
    this.lastRefillMs = nowMs();
  }

  /** Takes `cost` tokens if the bucket holds them; returns whether it did. A cost above capacity never passes. */
  tryTake(cost = 1): boolean {
    this.refill();
    if (cost > this.tokens) return false;
    this.tokens -= cost;
    return true;
  }

  /**
   * Takes `cost` tokens that were already spent (e.g. measured time), even past empty: the balance may go
   * negative, and {@link available} stays below zero until the refill has paid the debt back.
   */
  charge(cost: number): void {
    this.refill();
    this.tokens -= cost;
  }

  /** Tokens available now (negative while in debt after {@link charge}). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Whether the bucket is full again (nothing to remember about its owner). */
  isFull(): boolean {
    return this.available() >= this.capacity;
  }

  private refill(): void {
    const now = this.nowMs();
    const elapsedMs = Math.max(0, now - this.lastRefillMs);
    this.lastRefillMs = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.refillPerSecond) / 1000);
  }
}
