import { probeCluster } from '@promptjam/server';
import { RedisServer } from '@promptjam/server/testing';
import { describe, expect, it } from 'vitest';
import { clusterChecks } from './clusterCheck.js';

describe('doctor --cluster', () => {
  it('passes a real Redis 7 with its append-only file on, and names the fsync policy', async () => {
    const redis = await RedisServer.start();
    try {
      const checks = clusterChecks(await probeCluster(redis.url));
      expect(checks.map((c) => [c.name, c.status])).toEqual([['cluster Redis', 'ok'], ['cluster AOF', 'ok']]);
      expect(checks[1]!.detail).toContain('appendfsync everysec');
    } finally {
      await redis.stop();
    }
  });

  it('fails with a fix when nothing answers at the URL', async () => {
    const redis = await RedisServer.start();
    await redis.stop();
    const [check] = clusterChecks(await probeCluster(redis.url));
    expect(check).toMatchObject({ name: 'cluster Redis', status: 'error', detail: expect.stringContaining(`127.0.0.1:${redis.port}`) });
    expect(check!.fix).toContain('PROMPTJAM_CLUSTER');
  });

  it('fails when the append-only file is off, since a restart would lose every room', () => {
    const checks = clusterChecks({ reachable: true, url: 'redis://r:6379', version: '7.0.15', aofEnabled: false, appendfsync: 'everysec' });
    expect(checks[1]).toMatchObject({ name: 'cluster AOF', status: 'error', fix: expect.stringContaining('appendonly yes') });
  });
});
