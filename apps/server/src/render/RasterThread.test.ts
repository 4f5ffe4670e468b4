import { afterEach, describe, expect, it } from 'vitest';
import { RasterError, RasterThread } from './RasterThread.js';
import { RoomPicture } from './RoomPicture.js';

const threads: RasterThread[] = [];
afterEach(async () => {
  for (const thread of threads.splice(0)) await thread.close();
});

describe('RasterThread', () => {
  it("draws on its worker thread, keeps each room's picture for appends, and forgets it when dropped", async () => {
    const thread = new RasterThread();
    threads.push(thread);
    const line = { tool: 'pen' as const, colour: '#ff0000', width: 64, points: [0, 512, 100] };
    const [a, b] = await Promise.all([
      thread.draw('a', 128, 64, { kind: 'full', strokes: [line], background: '#0000ff' }),
      thread.draw('b', 32, 32, { kind: 'full', strokes: [], background: '#00ff00' }),
    ]);
    expect(a).toMatchObject({ redraw: 'full', imageDrawn: false, width: 128, height: 64, changed: { x: 0, y: 0, width: 128, height: 64 } });
    expect(a!.changed.data.length).toBe(128 * 64 * 4);
    expect(b).toMatchObject({ width: 32, height: 32 });
    const picture = new RoomPicture();
    expect(picture.apply(a!)).toBe(true);
    const grown = await thread.draw('a', 128, 64, { kind: 'append', appends: [{ stroke: 0, points: [1024, 512, 100] }], added: [] });
    expect(grown?.redraw).toBe('incremental');
    expect(picture.apply(grown!)).toBe(true);
    // The line now crosses the picture: red in the middle of the right half.
    const at = (32 * 128 + 96) * 4;
    expect([...picture.lend()!.data.subarray(at, at + 3)]).toEqual([255, 0, 0]);
    // Another size, or a dropped room, has no picture to append to: the caller must send everything.
    expect(await thread.draw('a', 64, 64, { kind: 'append', appends: [], added: [line] })).toBeNull();
    thread.drop('b');
    expect(await thread.draw('b', 32, 32, { kind: 'append', appends: [], added: [line] })).toBeNull();
  });

  it('refuses work once closed', async () => {
    const thread = new RasterThread();
    await thread.close();
    await expect(thread.draw('x', 8, 8, { kind: 'full', strokes: [], background: '#ffffff' })).rejects.toBeInstanceOf(RasterError);
  });
});
