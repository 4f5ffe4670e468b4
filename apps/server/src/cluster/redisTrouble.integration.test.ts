/**
 * Redis trouble: the cluster's Redis is killed (SIGKILL) and started again on its append-only file. While it
 * is away, members keep their clients editing together locally, say so in status and `/readyz`, and render
 * nothing; when it is back they republish what they kept, and no acknowledged edit is lost.
 */
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../test/waitUntil.js';
import { useCluster } from './test/clusterHarness.js';

const cluster = useCluster();

function tokens(text: string): string[] {
  return text.split(' ').filter((t) => t !== '');
}

describe('Redis trouble', () => {
  it('a Redis restart on its AOF loses no acknowledged edit, and edits made meanwhile sync when it is back', async () => {
    const [near, far] = [await cluster.startMember(), await cluster.startMember()];
    const writer = cluster.join(near, 'storm');
    const neighbour = cluster.join(near, 'storm');
    const observer = cluster.join(far, 'storm');
    await Promise.all([writer, neighbour, observer].map((c) => c.synced()));
    writer.setParams({ width: 64, height: 64 });
    for (let n = 1; n <= 30; n++) (n % 2 ? writer : observer).type(`k${n} `);
    await waitUntil(() => tokens(observer.prompt).length === 30 && tokens(writer.prompt).length === 30, 'both members to have every edit');
    const acknowledged = tokens(observer.prompt);
    await observer.frameOf(observer.prompt);

    await cluster.redis.kill();
    await waitUntil(() => near.readiness().cluster?.redis === 'unreachable', 'the member to notice Redis is gone');
    expect(near.readiness()).toMatchObject({ ready: false, reasons: expect.arrayContaining(['cluster store (Redis) unreachable']) });
    // Editing goes on among the member's own clients, and they are told frames are paused.
    writer.type('typed-during-the-outage ');
    await waitUntil(() => neighbour.prompt.includes('typed-during-the-outage'), 'the neighbour on the same member to see the edit');
    await waitUntil(() => writer.statuses.some((s) => s.state === 'error' && /unreachable/.test(s.message ?? '')), 'the writer to be told');

    await cluster.redis.launch();
    await waitUntil(() => near.readiness().ready && far.readiness().ready, 'both members to be ready again', 30_000);
    await waitUntil(() => observer.prompt.includes('typed-during-the-outage'), 'the outage edit to reach the other member', 30_000);

    // A member that never saw any of it loads the room from Redis alone.
    const fresh = cluster.join(await cluster.startMember(), 'storm');
    await fresh.synced();
    expect(acknowledged.filter((t) => !tokens(fresh.prompt).includes(t))).toEqual([]);
    expect(fresh.prompt).toContain('typed-during-the-outage');
    // Rendering resumes with the document as it is now.
    await fresh.frameOf(writer.prompt, 30_000);
  }, 120_000);
});
