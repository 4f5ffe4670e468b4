import type { Check } from '@promptjam/model-hub';
import type { ClusterProbe } from '@promptjam/server';

/** The oldest Redis the cluster is built and tested on (streams, XTRIM MINID, CLIENT UNBLOCK). */
const MIN_REDIS_MAJOR = 7;

/** `doctor --cluster`: turns what the probe learned about the cluster's Redis into checks, each with its fix. */
export function clusterChecks(probe: ClusterProbe): Check[] {
  if (!probe.reachable) {
    return [{ name: 'cluster Redis', status: 'error', detail: probe.error, fix: `start Redis at ${probe.url}, or fix the URL, password or firewall (--cluster / PROMPTJAM_CLUSTER)` }];
  }
  const checks: Check[] = [];
  const major = Number(probe.version.split('.')[0]);
  checks.push(Number.isFinite(major) && major >= MIN_REDIS_MAJOR
    ? { name: 'cluster Redis', status: 'ok', detail: `Redis ${probe.version} at ${probe.url}` }
    : { name: 'cluster Redis', status: 'error', detail: `Redis ${probe.version} at ${probe.url}`, fix: `use Redis ${MIN_REDIS_MAJOR} or newer (Debian 12: apt-get install redis-server)` });
  checks.push(probe.aofEnabled
    ? { name: 'cluster AOF', status: 'ok', detail: `append-only file on, appendfsync ${probe.appendfsync ?? 'unknown'}` }
    : { name: 'cluster AOF', status: 'error', detail: 'the append-only file is off: a Redis restart would lose every room', fix: 'set `appendonly yes` (and `appendfsync everysec` or `always`) in redis.conf; see docs/DEPLOY.md' });
  return checks;
}
