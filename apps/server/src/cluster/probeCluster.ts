import { clusterRedisOptions, connectRedis, redactUrl } from './connectRedis.js';

/** What `promptjam doctor --cluster` learns about the cluster's Redis. */
export type ClusterProbe =
  | {
      reachable: true;
      /** The URL without its password. */
      url: string;
      /** `redis_version` from INFO, e.g. `7.0.15`. */
      version: string;
      /** Whether the append-only file is on (`aof_enabled`): without it a Redis restart loses every room. */
      aofEnabled: boolean;
      /** The fsync policy (`CONFIG GET appendfsync`), or undefined when CONFIG is not allowed. */
      appendfsync: string | undefined;
    }
  | { reachable: false; url: string; error: string };

/** Connects to the cluster's Redis once, reads its version and persistence settings, and disconnects. */
export async function probeCluster(url: string): Promise<ClusterProbe> {
  let redis;
  try {
    redis = await connectRedis(url, clusterRedisOptions('promptjam:doctor', { retryStrategy: () => null }));
  } catch (error) {
    return { reachable: false, url: redactUrl(url), error: (error as Error).message };
  }
  try {
    const server = infoField(await redis.info('server'), 'redis_version') ?? 'unknown';
    const aofEnabled = infoField(await redis.info('persistence'), 'aof_enabled') === '1';
    const fsync = await redis.config('GET', 'appendfsync').then(
      (reply) => (Array.isArray(reply) ? String(reply[1]) : undefined),
      () => undefined,
    );
    return { reachable: true, url: redactUrl(url), version: server, aofEnabled, appendfsync: fsync };
  } catch (error) {
    return { reachable: false, url: redactUrl(url), error: (error as Error).message };
  } finally {
    redis.disconnect();
  }
}

/** A `name:value` line of INFO output. */
function infoField(info: string, name: string): string | undefined {
  const line = info.split('\r\n').find((l) => l.startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}
