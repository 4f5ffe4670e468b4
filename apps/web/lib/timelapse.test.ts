import { describe, expect, it } from 'vitest';
import { readTimelapseAnswer, timelapseUrl } from './timelapse';

function answer(status: number, body: unknown): Pick<Response, 'status' | 'ok' | 'json'> {
  return { status, ok: status >= 200 && status < 300, json: async () => body };
}

describe('timelapse links', () => {
  it('points at the room server with the page token for a private room', () => {
    expect(timelapseUrl('http://gpu:8787', 'violet-otter-42', 'webp', null)).toBe('http://gpu:8787/rooms/violet-otter-42/timelapse.webp');
    expect(timelapseUrl('https://jam.example/api', 'r', 'gif', 'a.b_c')).toBe('https://jam.example/api/rooms/r/timelapse.gif?token=a.b_c');
  });

  it('reads the manifest, an unknown room, a cluster member and an error as states', async () => {
    expect(await readTimelapseAnswer(answer(200, { frames: [{ seq: 3 }, { seq: 9 }] }))).toEqual({ state: 'ready', frames: 2, newestSeq: 9 });
    expect(await readTimelapseAnswer(answer(404, { error: 'no room r' }))).toEqual({ state: 'ready', frames: 0, newestSeq: 0 });
    expect(await readTimelapseAnswer(answer(501, { error: 'cluster' }))).toMatchObject({ state: 'unavailable', reason: 'This server keeps no timelapse.' });
    expect(await readTimelapseAnswer(answer(401, { error: 'this room is private' }))).toEqual({ state: 'unavailable', reason: 'this room is private' });
    const broken = { status: 502, ok: false, json: async () => Promise.reject(new SyntaxError('bad')) };
    expect(await readTimelapseAnswer(broken)).toMatchObject({ state: 'unavailable' });
  });
});
