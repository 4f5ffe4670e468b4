/**
 * Stock y-websocket clients echo every awareness change they receive back to the server (other people's
 * presence, and the removal of people who left). Through the real server with the security layer on, those
 * echoes must neither disconnect anyone nor let one client write another's presence.
 */
import * as encoding from 'lib0/encoding';
import { MessageType } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import type { RoomClient } from '../test/RoomClient.js';
import { useDemoServer } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';

const ctx = useDemoServer();

function trackCloses(client: RoomClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: { code: number } | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

function announce(client: RoomClient, name: string): void {
  client.provider.awareness.setLocalStateField('user', { name, color: '#8cf' });
}

function namesSeenBy(client: RoomClient): string[] {
  return [...client.provider.awareness.getStates().values()]
    .map((state) => (state as { user?: { name?: string } }).user?.name)
    .filter((name): name is string => name !== undefined)
    .sort();
}

describe('presence echoes from stock clients', () => {
  it('keeps everyone connected when a person leaves, and everyone still sees the others', async () => {
    const people = ['Ada', 'Bo', 'Cy'].map((name) => ({ name, client: ctx.join('echo-leave') }));
    const closes = people.map((p) => trackCloses(p.client));
    await Promise.all(people.map((p) => p.client.synced()));
    for (const p of people) announce(p.client, p.name);
    for (const p of people) await waitUntil(() => namesSeenBy(p.client).length === 3, `${p.name} to see all three`);

    people[2]!.client.destroy();
    const [ada, bo] = people;
    for (const p of [ada!, bo!]) await waitUntil(() => namesSeenBy(p.client).join() === 'Ada,Bo', `${p.name} to see Cy leave`);
    // The echoes of Cy's removal have reached the server by now; nobody was closed for them.
    await sleep(500);
    expect(closes[0]).toEqual([]);
    expect(closes[1]).toEqual([]);
    announce(ada!.client, 'Ada L.');
    await waitUntil(() => namesSeenBy(bo!.client).join() === 'Ada L.,Bo', "Bo to see Ada's new name");
  });

  it('lets a busy room chat presence without rate-limiting its quiet members', async () => {
    const talker = ctx.join('echo-busy');
    const listeners = [0, 1, 2, 3].map(() => ctx.join('echo-busy'));
    const closes = listeners.map(trackCloses);
    await Promise.all([talker, ...listeners].map((c) => c.synced()));
    listeners.forEach((c, i) => announce(c, `listener ${i}`));
    announce(talker, 'talker');
    // 15 presence changes a second for 4 s: each listener echoes all 60, above the 20/s awareness rate.
    for (let i = 0; i < 60; i++) {
      talker.provider.awareness.setLocalStateField('cursor', { anchor: i, head: i });
      await sleep(66);
    }
    await waitUntil(
      () => listeners.every((c) => (c.provider.awareness.getStates().get(talker.doc.clientID) as { cursor?: { head: number } } | undefined)?.cursor?.head === 59),
      'every listener to see the last cursor',
    );
    expect(closes.flat()).toEqual([]);
  });

  it('never applies one client\'s claim on another client\'s presence', async () => {
    const victim = ctx.join('echo-forge');
    const forger = ctx.join('echo-forge');
    const observer = ctx.join('echo-forge');
    await Promise.all([victim, forger, observer].map((c) => c.synced()));
    announce(victim, 'Victim');
    announce(forger, 'Forger');
    await waitUntil(() => namesSeenBy(observer).join() === 'Forger,Victim', 'the observer to see both');

    // A hand-made awareness message from the forger claiming the victim's id with a newer clock.
    const entry = encoding.createEncoder();
    encoding.writeVarUint(entry, 1);
    encoding.writeVarUint(entry, victim.doc.clientID);
    encoding.writeVarUint(entry, 1_000);
    encoding.writeVarString(entry, JSON.stringify({ user: { name: 'Mallory' } }));
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MessageType.Awareness);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(entry));
    forger.provider.ws!.send(encoding.toUint8Array(message));

    announce(forger, 'Forger 2');
    await waitUntil(() => namesSeenBy(observer).includes('Forger 2'), 'the forger\'s own update to arrive');
    expect(namesSeenBy(observer)).toEqual(['Forger 2', 'Victim']);
  });
});
