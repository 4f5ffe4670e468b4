/**
 * Per-address connection accounting: how many sockets an address holds open, and how fast it opens new
 * ones (a token bucket per address). Entries of addresses with no open socket and full buckets carry no
 * information and are swept, so 10,000 addresses passing through leave no trace.
 *
 * A refusal is normally explained on an accepted socket (the page must say why: a workshop behind one
 * address is a real case), which costs the server an upgrade handshake and a close frame. So that a flood
 * from one address cannot make the server pay that for every attempt, each address also has a small budget
 * of explained refusals ({@link REFUSAL_NOTICE_BURST}, refilled at {@link REFUSAL_NOTICES_PER_SECOND});
 * beyond it refusals are a cheap HTTP 429 before the upgrade.
 */
import { addressKey } from './clientAddress.js';
import type { Limits } from './limits.js';
import { monotonicMs, TokenBucket, type ClockMs } from './TokenBucket.js';

/**
 * Whether an address may open another connection. A refusal says whether it should be explained on an
 * accepted socket (`explain`) or answered with a cheap 429 because this address is refused too often.
 */
export type IpAdmission =
  | { ok: true; key: string }
  | { ok: false; reason: 'too-many-connections-from-ip' | 'upgrade-rate-exceeded'; explain: boolean };

/** Entries kept before a sweep of idle ones runs. */
const SWEEP_THRESHOLD = 4096;

/** Refusals one address may have explained at once (a workshop's worth of people retrying), in connections. */
export const REFUSAL_NOTICE_BURST = 60;
/** Explained refusals per second one address earns back, sustained. */
export const REFUSAL_NOTICES_PER_SECOND = 5;

interface Entry {
  open: number;
  upgrades: TokenBucket;
  notices: TokenBucket;
}

export class IpConnectionTracker {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limits: Pick<Limits, 'maxConnectionsPerIp' | 'upgradesPerIpPerSecond' | 'upgradeBurstPerIp'>,
    private readonly nowMs: ClockMs = monotonicMs,
  ) {}

  /** Whether `address` may open one more connection; on success the connection is counted until {@link release}. */
  admit(address: string): IpAdmission {
    const key = addressKey(address);
    if (this.entries.size >= SWEEP_THRESHOLD) this.sweep();
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = {
        open: 0,
        upgrades: new TokenBucket(this.limits.upgradeBurstPerIp, this.limits.upgradesPerIpPerSecond, this.nowMs),
        notices: new TokenBucket(REFUSAL_NOTICE_BURST, REFUSAL_NOTICES_PER_SECOND, this.nowMs),
      };
      this.entries.set(key, entry);
    }
    if (entry.open >= this.limits.maxConnectionsPerIp) return { ok: false, reason: 'too-many-connections-from-ip', explain: entry.notices.tryTake(1) };
    if (!entry.upgrades.tryTake(1)) return { ok: false, reason: 'upgrade-rate-exceeded', explain: entry.notices.tryTake(1) };
    entry.open++;
    return { ok: true, key };
  }

  /** Counts one connection of `key` (from {@link admit}) as closed. */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.open === 0) return;
    entry.open--;
  }

  /** Open connections of `address`. */
  openCount(address: string): number {
    return this.entries.get(addressKey(address))?.open ?? 0;
  }

  /** Addresses remembered (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets addresses with nothing open and full buckets. */
  sweep(): void {
    for (const [key, entry] of this.entries) if (entry.open === 0 && entry.upgrades.isFull() && entry.notices.isFull()) this.entries.delete(key);
  }
}
