/**
 * The jam as a timelapse through a real server: real y-websocket clients type a jam, the real demo engine renders
 * it (every frame refined), and the timelapse downloads as animated WebP and GIF whose pages are the history's
 * frames, with the JSON beside it; it survives a restart; a private room's history needs one of its tokens.
 */
import type { TimelapseManifest } from '@promptjam/protocol';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrivateRoomLinks } from '../security/privateRoomsRoute.js';
import { TEST_KEYRING, useSecuredServer } from '../security/test/securityServer.js';
import { RoomClient } from '../test/RoomClient.js';

/** Every frame is refined (no previews), as on a model without a preview decoder. */
const OPTIONS = { refinePauseMs: 0 };
/** The jam: each line is the prompt after one burst of typing. */
const JAM = ['a lighthouse', 'a lighthouse at dusk', 'a lighthouse at dusk, oil painting', 'a red lighthouse at dusk, oil painting'];

const ctx = useSecuredServer({}, OPTIONS);
const clients: RoomClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

function join(roomId: string): RoomClient {
  const client = new RoomClient(ctx.server.url, roomId);
  clients.push(client);
  return client;
}

/**
 * Two people type the jam in turns, each burst once the frame of the one before is kept (a room rendering faster
 * than thumbnails are made keeps only its newest waiting frame: waiting makes the expected history exact).
 */
async function typeJam(roomId: string): Promise<RoomClient> {
  const [alice, bob] = [join(roomId), join(roomId)];
  await Promise.all([alice.synced(), bob.synced()]);
  alice.setParams({ width: 128, height: 128 });
  for (const [i, prompt] of JAM.entries()) {
    const typist = i % 2 === 0 ? alice : bob;
    typist.setPrompt(prompt);
    await alice.frameOf(prompt);
    await historyEndsWith(roomId, prompt);
  }
  return alice;
}

async function historyEndsWith(roomId: string, prompt: string): Promise<void> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    const response = await get(`/rooms/${roomId}/timelapse.json`);
    if (response.status === 200 && ((await response.json()) as TimelapseManifest).frames.at(-1)?.prompt === prompt) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the timelapse of ${roomId} never ended with ${JSON.stringify(prompt)}`);
}

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${ctx.server.httpUrl}${path}`, { headers });
}

async function manifestOf(roomId: string, query = ''): Promise<TimelapseManifest> {
  const response = await get(`/rooms/${roomId}/timelapse.json${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as TimelapseManifest;
}

describe('timelapse', () => {
  it('downloads a typed jam as animated WebP and GIF whose pages are the frames the JSON lists', async () => {
    const alice = await typeJam('harbour');
    const manifest = await manifestOf('harbour');
    // Every refined frame shown, in order, without repeats of the same input.
    const shown = alice.frames.map((f) => f.metadata.prompt).filter((p, i, all) => p !== all[i - 1]);
    expect(manifest.frames.map((f) => f.prompt)).toEqual(shown);
    expect(manifest.frames.at(-1)).toMatchObject({ prompt: JAM.at(-1), params: { width: 128, height: 128 } });
    expect(manifest.frames.map((f) => f.seq)).toEqual([...manifest.frames.map((f) => f.seq)].sort((a, b) => a - b));
    for (const format of ['webp', 'gif'] as const) {
      const response = await get(`/rooms/harbour/timelapse.${format}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(`image/${format}`);
      expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="promptjam-harbour-\\d{8}-\\d{4}\\.${format}"$`));
      expect(response.headers.get('cache-control')).toBe('private, no-cache');
      const image = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(image.format).toBe(format);
      expect(image.pages).toBe(manifest.frames.length);
      expect([image.width, image.height]).toEqual([manifest.frames.at(-1)!.width, manifest.frames.at(-1)!.height]);
      const etag = response.headers.get('etag')!;
      expect((await get(`/rooms/harbour/timelapse.${format}`, { 'if-none-match': etag })).status).toBe(304);
    }
  });

  it('keeps the history across a restart, and the next frame adds to it', async () => {
    await typeJam('restart');
    const before = await manifestOf('restart');
    await ctx.restart();
    expect(await manifestOf('restart')).toEqual(before);
    const client = join('restart');
    await client.synced();
    client.setPrompt('after the restart');
    await client.frameOf('after the restart');
    const after = await manifestOf('restart');
    expect(after.frames.map((f) => f.prompt)).toEqual([...before.frames.map((f) => f.prompt), 'after the restart']);
  });

  it('answers an unknown room 404, and a room with no frame yet an empty JSON and a 404 image', async () => {
    expect((await get('/rooms/nobody-here/timelapse.json')).status).toBe(404);
    expect((await get('/rooms/nobody-here/timelapse.webp')).status).toBe(404);
    const client = join('quiet');
    await client.synced();
    expect((await manifestOf('quiet')).frames).toEqual([]);
    const image = await get('/rooms/quiet/timelapse.gif');
    expect(image.status).toBe(404);
    expect(((await image.json()) as { error: string }).error).toMatch(/no frames/);
    expect((await fetch(`${ctx.server.httpUrl}/rooms/quiet/timelapse.json`, { method: 'POST' })).status).toBe(405);
  });

  it("reads a private room's history only with one of its tokens", async () => {
    await typeJam('vault');
    const locked = await fetch(`${ctx.server.httpUrl}/rooms/vault/private`, { method: 'POST', body: JSON.stringify({ ttlSeconds: 3600 }) });
    expect(locked.status).toBe(201);
    const links = (await locked.json()) as PrivateRoomLinks;
    for (const format of ['json', 'webp', 'gif']) {
      const path = `/rooms/vault/timelapse.${format}`;
      expect((await get(path)).status).toBe(401);
      expect((await get(`${path}?token=${encodeURIComponent(links.viewer.token)}`)).status).toBe(200);
      expect((await get(path, { authorization: `Bearer ${links.editor.token}` })).status).toBe(200);
      expect((await get(`${path}?token=${encodeURIComponent(TEST_KEYRING.sign('other-room', 'editor', 3600))}`)).status).toBe(403);
      const [payload] = links.viewer.token.split('.');
      expect((await get(`${path}?token=${payload}.${'A'.repeat(43)}`)).status).toBe(403);
    }
    // A reset revokes every earlier link, for the history too.
    await fetch(`${ctx.server.httpUrl}/rooms/vault/private`, { method: 'POST', headers: { authorization: `Bearer ${links.editor.token}` }, body: JSON.stringify({ reset: true }) });
    expect((await get(`/rooms/vault/timelapse.json?token=${encodeURIComponent(links.viewer.token)}`)).status).toBe(401);
  });

  it('refuses a page on an origin the allow-list refuses, and answers the web app with CORS headers', async () => {
    const client = join('origins');
    await client.synced();
    expect((await get('/rooms/origins/timelapse.json', { origin: 'https://evil.example' })).status).toBe(403);
    const allowed = await get('/rooms/origins/timelapse.json', { origin: 'http://localhost:3000' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('content-disposition');
  });
});
