/**
 * Draining a member (rolling restart): it finishes the frame in flight, hands its rooms to members that share
 * them and takes no new ones; clients on every member keep getting frames, with consecutive seqs (no frame
 * lost, none rendered twice).
 */
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../server/startServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';
import { counterValue, useCluster } from './test/clusterHarness.js';

const cluster = useCluster();

describe('drain', () => {
  it("moves a member's rooms to the others while people keep typing", async () => {
    const members = [await cluster.startMember(), await cluster.startMember(), await cluster.startMember()];
    const clients = members.map((m) => cluster.join(m, 'relay'));
    await Promise.all(clients.map((c) => c.synced()));
    clients[0]!.setParams({ width: 64, height: 64 });
    clients[0]!.type('baton ');
    await Promise.all(clients.map((c) => c.frameOf('baton ')));
    const owner = members.find((m) => m.cluster!.owns('relay'))!;
    const typist = clients[members.indexOf(owner) === 0 ? 1 : 0]!;

    let typing = true;
    const typed = (async () => {
      for (let n = 1; typing; n++) {
        typist.type(`p${n} `);
        await sleep(40);
      }
    })();
    await sleep(300);
    await owner.drain();
    await waitUntil(() => members.some((m) => m !== owner && m.cluster!.owns('relay')), 'another member to take the room');
    await sleep(300);
    typing = false;
    await typed;
    expect(owner.readiness()).toMatchObject({ ready: false, cluster: { draining: true, ownedRooms: 0 } });

    const prompt = typist.prompt;
    await Promise.all(clients.map((c) => c.frameOf(prompt)));
    const rendered = await Promise.all(members.map((m: RunningServer) => counterValue(m, 'promptjam_frames_rendered_total')));
    const seqs = clients[2]!.frames.map((f) => f.metadata.seq);
    for (const client of clients) {
      const mine = client.frames.map((f) => f.metadata.seq);
      // Consecutive from the first frame each client saw: no frame lost across the hand-over.
      expect(mine).toEqual(mine.map((_, i) => mine[0]! + i));
    }
    // Every frame was rendered once: the renders of both owners add up to the frames clients saw.
    expect(rendered.reduce((a, b) => a + b, 0)).toBe(seqs.at(-1)!);
    expect(rendered.filter((n) => n > 0)).toHaveLength(2);
  }, 60_000);
});
