/**
 * The core loop through a real server: real y-websocket clients, the real engine on the demo model.
 */
import { DEFAULT_PARAMS } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import type { RoomClient } from '../test/RoomClient.js';
import { useDemoServer } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';

const ctx = useDemoServer();
const join = (roomId: string): RoomClient => ctx.join(roomId);

describe('rooms over y-websocket', () => {
  it('two clients edit, converge, and both receive a frame of the edited prompt with full metadata', async () => {
    const alice = join('kites');
    const bob = join('kites');
    await Promise.all([alice.synced(), bob.synced()]);
    alice.setParams({ width: 256, height: 256, seed: 5 });
    alice.type('a red kite');
    await waitUntil(() => bob.prompt === 'a red kite', 'bob to see alice\'s text');
    bob.type(' over the sea');
    const finalPrompt = 'a red kite over the sea';
    await waitUntil(() => alice.prompt === finalPrompt, 'alice to see bob\'s text');
    const [fromAlice, fromBob] = await Promise.all([alice.frameOf(finalPrompt), bob.frameOf(finalPrompt)]);
    expect(fromAlice.metadata).toEqual(fromBob.metadata);
    expect(fromAlice.metadata).toMatchObject({
      prompt: finalPrompt,
      params: { ...DEFAULT_PARAMS, width: 256, height: 256, seed: 5 },
      mime: 'image/jpeg',
      width: 256,
      height: 256,
      model: 'demo (tiny sdxl)',
      demo: true,
    });
    expect(fromAlice.metadata.genMs).toBeGreaterThan(0);
    expect(Math.abs(fromAlice.metadata.startedAt - Date.now())).toBeLessThan(60_000);
    // A real JPEG: starts with the SOI marker.
    expect([...fromAlice.image.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(alice.statuses.at(-1)).toMatchObject({ model: 'demo (tiny sdxl)', demo: true });
    expect([...alice.decodeErrors, ...bob.decodeErrors]).toEqual([]);
  });

  it('a late joiner gets the document and the latest frame at once, right after it syncs', async () => {
    const first = join('late');
    await first.synced();
    first.setParams({ width: 128, height: 128 });
    first.type('a lighthouse at dusk');
    const rendered = await first.frameOf('a lighthouse at dusk');

    const late = join('late');
    await late.frameWhere(() => true, 'the late joiner\'s first frame');
    expect(late.prompt).toBe('a lighthouse at dusk');
    expect(late.frames[0]!.metadata).toEqual(rendered.metadata);
    expect(late.frames[0]!.image).toEqual(rendered.image);
    // The frame is the last step of the join sequence: after the status, after the document.
    expect(late.events.indexOf('frame')).toBeGreaterThan(late.events.indexOf('status'));
    expect(late.events.indexOf('synced')).toBeGreaterThanOrEqual(0);
    expect(late.events.indexOf('synced')).toBeLessThan(late.events.indexOf('frame'));
    expect(late.frames).toHaveLength(1);
  });

  it('relays awareness (presence) between clients and drops it when a client leaves', async () => {
    const alice = join('presence');
    const bob = join('presence');
    await Promise.all([alice.synced(), bob.synced()]);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#f80' });
    const aliceId = alice.doc.clientID;
    await waitUntil(() => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice', 'bob to see alice');
    alice.provider.disconnect();
    await waitUntil(() => !bob.provider.awareness.getStates().has(aliceId), 'alice\'s presence to go');
  });

  it('clamps out-of-range params instead of failing', async () => {
    const client = join('params');
    await client.synced();
    client.setParams({ width: 100_000, height: 3, steps: 99, seed: -4 });
    client.type('a huge canvas');
    const frame = await client.frameOf('a huge canvas');
    expect(frame.metadata.params).toEqual({ seed: 0, steps: 4, width: 1024, height: 64, strength: DEFAULT_PARAMS.strength });
    expect([frame.metadata.width, frame.metadata.height]).toEqual([1024, 64]);
  });
});
