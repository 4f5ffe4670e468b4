/**
 * One room per name: every spelling of a room id in the socket path (letter case, `_` for `-`) joins the
 * room of its canonical id, through a real server and real y-websocket clients.
 */
import { describe, expect, it } from 'vitest';
import { useDemoServer } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';

const ctx = useDemoServer();

describe('room names over the socket', () => {
  it('Violet-Otter-42, VIOLET_OTTER_42 and violet-otter-42 are one room', async () => {
    const spelled = ctx.join('Violet-Otter-42');
    const shouted = ctx.join('VIOLET_OTTER_42');
    const canonical = ctx.join('violet-otter-42');
    await Promise.all([spelled.synced(), shouted.synced(), canonical.synced()]);
    spelled.type('an otter in a violet sea');
    await waitUntil(() => canonical.prompt === 'an otter in a violet sea', 'the canonical client to see the edit');
    await waitUntil(() => shouted.prompt === 'an otter in a violet sea', 'the upper-case client to see the edit');
    expect(ctx.server.rooms.get('violet-otter-42')).toBeDefined();
    expect(ctx.server.rooms.get('Violet-Otter-42')).toBeUndefined();
  });
});
