/**
 * Three cluster members on one real Redis, sharing the demo engine: clients of one room spread over the
 * members converge as on one server, see each other's presence, and all receive the same frames from the one
 * member that renders the room.
 */
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../server/startServer.js';
import { waitUntil } from '../test/waitUntil.js';
import { counterValue, useCluster } from './test/clusterHarness.js';

const cluster = useCluster();

async function startThree(): Promise<RunningServer[]> {
  return [await cluster.startMember(), await cluster.startMember(), await cluster.startMember()];
}

describe('a cluster of three members', () => {
  it('clients of one room on different members converge and get the same frames from one renderer', async () => {
    const members = await startThree();
    const clients = members.flatMap((member) => [cluster.join(member, 'jam'), cluster.join(member, 'jam')]);
    await Promise.all(clients.map((c) => c.synced()));
    clients[0]!.setParams({ width: 64, height: 64, seed: 5 });
    clients.forEach((client, i) => client.type(`c${i} `));
    await waitUntil(() => clients.every((c) => c.prompt.split(' ').filter(Boolean).length === clients.length), 'every client to have every edit');
    const prompt = clients[0]!.prompt;
    expect(clients.map((c) => c.prompt)).toEqual(clients.map(() => prompt));

    const frames = await Promise.all(clients.map((c) => c.frameOf(prompt)));
    const [first] = frames;
    for (const frame of frames) {
      expect(frame.metadata).toEqual(first!.metadata);
      expect(frame.image).toEqual(first!.image);
    }
    const owners = members.filter((m) => m.cluster!.owns('jam'));
    expect(owners).toHaveLength(1);
    const rendered = await Promise.all(members.map((m) => counterValue(m, 'promptjam_frames_rendered_total')));
    // Only the owner rendered, and every frame it rendered reached the clients with a seq of its own.
    expect(rendered.filter((n) => n > 0)).toHaveLength(1);
    for (const client of clients) {
      const seqs = client.frames.map((f) => f.metadata.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    }
    expect(Math.max(...rendered)).toBeGreaterThanOrEqual(clients[0]!.frames.length);
    for (const member of members) expect(member.readiness()).toMatchObject({ ready: true, cluster: { redis: 'connected', draining: false } });
  });

  it('shares presence across members', async () => {
    const [a, , c] = await startThree();
    const here = cluster.join(a!, 'presence');
    const there = cluster.join(c!, 'presence');
    await Promise.all([here.synced(), there.synced()]);
    here.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    await waitUntil(() => there.provider.awareness.getStates().get(here.doc.clientID)?.user?.name === 'Ada', 'presence to cross members');
  });

  it('a member that joins later loads the room from Redis, frame included', async () => {
    const [a] = await startThree();
    const writer = cluster.join(a!, 'late');
    await writer.synced();
    writer.setParams({ width: 64, height: 64 });
    writer.type('a lighthouse at dusk');
    const frame = await writer.frameOf('a lighthouse at dusk');
    // The owner stores its newest frame at most once a second (and on unload).
    await a!.rooms.get('late')!.flush();
    const late = await cluster.startMember();
    const reader = cluster.join(late, 'late');
    const restored = await reader.frameWhere(() => true, 'the stored frame on the new member');
    expect(reader.prompt).toBe('a lighthouse at dusk');
    expect(restored.metadata).toEqual(frame.metadata);
  });
});
