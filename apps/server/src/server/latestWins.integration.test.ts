/**
 * Latest-wins rendering and fairness through a real server, with the real engine on the demo model.
 */
import { describe, expect, it } from 'vitest';
import type { RoomClient} from '../test/RoomClient.js';
import { type ReceivedFrame } from '../test/RoomClient.js';
import { useDemoServer } from '../test/testServer.js';
import { sleep, waitUntil } from '../test/waitUntil.js';

const ctx = useDemoServer();
const join = (roomId: string): RoomClient => ctx.join(roomId);

/** Every frame's prompt is a prefix of the next one's, and seq increases by at least one each time. */
function expectMonotonic(frames: ReceivedFrame[]): void {
  for (let i = 1; i < frames.length; i++) {
    const previous = frames[i - 1]!.metadata;
    const current = frames[i]!.metadata;
    expect(current.seq).toBeGreaterThan(previous.seq);
    expect(current.prompt.startsWith(previous.prompt)).toBe(true);
  }
}

describe('latest wins', () => {
  it('rapid typing never delivers an older prompt\'s frame after a newer one, and ends on the final text', async () => {
    const typist = join('typing');
    const watcher = join('typing');
    await Promise.all([typist.synced(), watcher.synced()]);
    typist.setParams({ width: 256, height: 256 });
    const text = 'a watercolor fox in a snowy birch forest at dawn';
    for (const char of text) {
      typist.type(char);
      await sleep(4);
    }
    await Promise.all([typist.frameOf(text), watcher.frameOf(text)]);
    for (const client of [typist, watcher]) {
      expectMonotonic(client.frames);
      expect(client.lastFrame?.metadata.prompt).toBe(text);
    }
    // Debounce and latest-wins coalesce keystrokes: far fewer frames than characters.
    expect(watcher.frames.length).toBeLessThan(text.length);
    expect(watcher.frames.map((f) => f.metadata.seq)).toEqual(typist.frames.map((f) => f.metadata.seq));
  });

  it('keeps rendering while edits arrive during a generation (one in flight, the newest next)', async () => {
    const client = join('burst');
    await client.synced();
    client.setParams({ width: 512, height: 512 });
    client.type('first');
    await waitUntil(() => client.statuses.some((s) => s.state === 'generating'), 'the first generation to start');
    // Two edits while the first frame renders; they arrive as one update so no frame can fall between them.
    client.doc.transact(() => {
      client.type(' second');
      client.type(' third');
    });
    const final = await client.frameOf('first second third');
    expectMonotonic(client.frames);
    expect(client.frames.map((f) => f.metadata.prompt)).not.toContain('first second');
    expect(final.metadata.seq).toBe(client.frames.length);
    await waitUntil(() => client.statuses.at(-1)?.state === 'idle', 'the room to go idle');
  });

  it('two busy rooms both make progress on one engine', async () => {
    const north = join('north');
    const south = join('south');
    await Promise.all([north.synced(), south.synced()]);
    north.setParams({ width: 256, height: 256 });
    south.setParams({ width: 256, height: 256 });
    const rounds = 6;
    for (let i = 0; i < rounds; i++) {
      north.type(` n${i}`);
      south.type(` s${i}`);
      await sleep(60);
    }
    await Promise.all([north.frameOf(north.prompt), south.frameOf(south.prompt)]);
    for (const client of [north, south]) expectMonotonic(client.frames);
    // Both rooms got frames along the way, not only at the end.
    expect(north.frames.length).toBeGreaterThanOrEqual(2);
    expect(south.frames.length).toBeGreaterThanOrEqual(2);
    const statesSeen = new Set([...north.statuses, ...south.statuses].map((s) => s.state));
    expect(statesSeen.has('generating')).toBe(true);
  });
});
