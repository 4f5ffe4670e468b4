/**
 * Per test: a real Redis (own port, directory and AOF), cluster members as real servers on port 0 sharing the
 * demo engine, and real y-websocket clients; everything is closed after the test.
 */
import { afterEach, beforeEach } from 'vitest';
import type { RunningServer, StartServerOptions } from '../../server/startServer.js';
import { RoomClient } from '../../test/RoomClient.js';
import { makeDataDir, removeDataDir, startTestServer, useDemoEngine } from '../../test/testServer.js';
import { RedisServer } from './RedisServer.js';

/** What {@link useCluster} gives a test. */
export interface ClusterContext {
  readonly redis: RedisServer;
  /** Starts one more member on the test's Redis. */
  startMember(options?: Partial<StartServerOptions>): Promise<RunningServer>;
  /** A real client of `roomId` on `member`, destroyed after the test. */
  join(member: RunningServer | { url: string }, roomId: string): RoomClient;
  /** Registers a step to run after the test (before the members close). */
  onCleanup(step: () => Promise<void> | void): void;
}

export function useCluster(): ClusterContext {
  const demo = useDemoEngine();
  let redis: RedisServer | undefined;
  const members: RunningServer[] = [];
  const dataDirs: string[] = [];
  const clients: RoomClient[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  beforeEach(async () => {
    redis = await RedisServer.start();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const step of cleanups.splice(0).reverse()) await step();
    for (const member of members.splice(0)) await member.close();
    for (const dir of dataDirs.splice(0)) await removeDataDir(dir);
    await redis?.stop();
  }, 60_000);
  return {
    get redis(): RedisServer {
      if (!redis) throw new Error('Redis is only available inside tests');
      return redis;
    },
    async startMember(options = {}) {
      const dataDir = await makeDataDir();
      dataDirs.push(dataDir);
      const member = await startTestServer(demo.engine, dataDir, { cluster: this.redis.url, ...options });
      members.push(member);
      return member;
    },
    join(member, roomId) {
      const client = new RoomClient(member.url, roomId);
      clients.push(client);
      return client;
    },
    onCleanup(step) {
      cleanups.push(step);
    },
  };
}

/** A counter's value in a member's metrics registry (0 when it has not been counted yet). */
export async function counterValue(member: RunningServer, name: string): Promise<number> {
  const metric = member.metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`member has no metric ${name}`);
  const { values } = await metric.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}
