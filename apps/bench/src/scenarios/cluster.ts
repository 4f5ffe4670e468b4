/**
 * Cluster scenario (issue 17): the same typing load on one room, first against one server, then with the room's
 * clients spread over three cluster members sharing a real Redis (the typist on the first member, the watchers
 * round-robin over all three). Judged on the ratio of the keystroke-to-frame overhead p95s measured in the same
 * run, and on every frame seq being rendered once (see frameUniqueness.ts).
 */
import { RedisServer } from '@promptjam/server/testing/redis';
import type { BenchTarget, BenchLog } from './benchTarget.js';
import { runKeystrokeConfig, type KeystrokeConfig, type KeystrokeResult } from './keystrokeToFrame.js';

/** Members the room's clients are spread over. */
export const CLUSTER_MEMBERS = 3;

/** Both runs' figures. */
export interface ClusterResult {
  /** How the model costs per frame (the same on every server). */
  model: string;
  single: KeystrokeResult;
  cluster: KeystrokeResult;
}

/** Starts one server under test, with further server options (`cluster: <redis url>` for a member). */
export type StartTarget = (label: string, options: Record<string, unknown>) => Promise<BenchTarget>;

/**
 * Runs `config` against one server, then against {@link CLUSTER_MEMBERS} members on a Redis started here (and
 * stopped at the end). Throws when `redis-server` is not installed, naming the fix (`apt-get install redis-server`).
 */
export async function runClusterScenario(startTarget: StartTarget, model: string, config: KeystrokeConfig, log: BenchLog): Promise<ClusterResult> {
  const singleTarget = await startTarget('one server', {});
  const single = await runKeystrokeConfig(singleTarget, config, 'single', log);
  await singleTarget.process?.close();
  const redis = await RedisServer.start();
  try {
    log(`  redis-server on ${redis.url}`);
    const members: BenchTarget[] = [];
    for (let i = 0; i < CLUSTER_MEMBERS; i += 1) members.push(await startTarget(`cluster member ${i + 1}/${CLUSTER_MEMBERS}`, { cluster: redis.url }));
    const memberUrls = members.map((m) => m.url);
    const cluster = await runKeystrokeConfig({ ...members[0]!, memberUrls, modelLabel: `${members[0]!.modelLabel}, ${CLUSTER_MEMBERS} members` }, config, 'cluster', log);
    for (const member of members) await member.process?.close();
    return { model, single, cluster };
  } finally {
    await redis.stop();
  }
}
