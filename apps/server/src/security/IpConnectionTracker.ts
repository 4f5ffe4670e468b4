/**
 * Per-address connection accounting: how many sockets an address holds open, and how fast it opens new
 * ones (a token bucket per address). Entries of addresses with no open socket and a full bucket carry no
 * information and are swept, so 10,000 addresses passing through leave no trace.
 */
import { addressKey } from './clientAddress.js';
import type { Limits } from './limits.js';
import { monotonicMs, TokenBucket, type ClockMs } from './TokenBucket.js';

/** Why an address may not open another connection. */
export type IpAdmission = { ok: true; key: string } | { ok: false; reason: 'too-many-connections-from-ip' | 'upgrade-rate-exceeded' };

/** Entries kept before a sweep of idle ones runs. */
const SWEEP_THRESHOLD = 4096;

interface Entry {
  open: number;
  upgrades: TokenBucket;
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
      entry = { open: 0, upgrades: new TokenBucket(this.limits.upgradeBurstPerIp, this.limits.upgradesPerIpPerSecond, this.nowMs) };
      this.entries.set(key, entry);
    }
    if (entry.open >= this.limits.maxConnectionsPerIp) return { ok: false, reason: 'too-many-connections-from-ip' };
    if (!entry.upgrades.tryTake(1)) return { ok: false, reason: 'upgrade-rate-exceeded' };
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

  /** Forgets addresses with nothing open and a full bucket. */
  sweep(): void {
    for (const [key, entry] of this.entries) if (entry.open === 0 && entry.upgrades.isFull()) this.entries.delete(key);
  }
}
