import { describe, expect, it } from 'vitest';
import { IpConnectionTracker } from './IpConnectionTracker.js';

describe('IpConnectionTracker', () => {
  it('caps open connections per address and frees a slot on release', () => {
    const tracker = new IpConnectionTracker({ maxConnectionsPerIp: 2, upgradesPerIpPerSecond: 100, upgradeBurstPerIp: 100 });
    const a = tracker.admit('10.0.0.1');
    expect(a.ok).toBe(true);
    expect(tracker.admit('::ffff:10.0.0.1').ok).toBe(true);
    expect(tracker.admit('10.0.0.1')).toEqual({ ok: false, reason: 'too-many-connections-from-ip', explain: true });
    expect(tracker.admit('10.0.0.2').ok).toBe(true);
    if (a.ok) tracker.release(a.key);
    expect(tracker.openCount('10.0.0.1')).toBe(1);
    expect(tracker.admit('10.0.0.1').ok).toBe(true);
  });

  it('limits the rate of new connections per address', () => {
    let now = 0;
    const tracker = new IpConnectionTracker({ maxConnectionsPerIp: 1000, upgradesPerIpPerSecond: 2, upgradeBurstPerIp: 3 }, () => now);
    for (let i = 0; i < 3; i++) expect(tracker.admit('10.0.0.1').ok).toBe(true);
    expect(tracker.admit('10.0.0.1')).toEqual({ ok: false, reason: 'upgrade-rate-exceeded', explain: true });
    now += 500;
    expect(tracker.admit('10.0.0.1').ok).toBe(true);
  });

  it('forgets idle addresses, so many passing addresses leave no trace', () => {
    let now = 0;
    const tracker = new IpConnectionTracker({ maxConnectionsPerIp: 10, upgradesPerIpPerSecond: 10, upgradeBurstPerIp: 10 }, () => now);
    for (let i = 0; i < 10_000; i++) {
      const admission = tracker.admit(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      if (admission.ok) tracker.release(admission.key);
      now += 1000;
    }
    expect(tracker.size).toBeLessThanOrEqual(4097);
  });

  it('ignores a release it never admitted', () => {
    const tracker = new IpConnectionTracker({ maxConnectionsPerIp: 1, upgradesPerIpPerSecond: 1, upgradeBurstPerIp: 1 });
    tracker.release('nobody');
    expect(tracker.size).toBe(0);
  });
});
