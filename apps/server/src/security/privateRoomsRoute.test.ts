import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenKeyring } from './capabilityToken.js';
import { IpConnectionTracker } from './IpConnectionTracker.js';
import { DEFAULT_LIMITS } from './limits.js';
import { DEFAULT_ORIGIN_POLICY } from './originPolicy.js';
import { createPrivateRoomsHandler, type PrivateRoomLinks } from './privateRoomsRoute.js';
import { MemoryRoomAccessStore, decideRoomAccess } from './roomAccess.js';

const keyring = new TokenKeyring([Buffer.alloc(32, 9)]);
const access = new MemoryRoomAccessStore();
let now = 1_800_000_000;
let server: Server;
let base: string;

beforeAll(async () => {
  const handler = createPrivateRoomsHandler({
    keyring,
    access,
    origins: DEFAULT_ORIGIN_POLICY,
    addresses: new IpConnectionTracker({ ...DEFAULT_LIMITS, upgradeBurstPerIp: 1000 }),
    trustProxy: false,
    nowSeconds: () => now,
  });
  server = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function call(method: string, path: string, init: { token?: string; body?: string; origin?: string } = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.origin) headers.origin = init.origin;
  const response = await fetch(`${base}${path}`, { method, headers, body: init.body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const role = (room: string, token: string | null): string => {
  const decision = decideRoomAccess({ roomId: room, token, wantsView: false }, undefined, keyring, now);
  return decision.ok ? decision.role : 'refused';
};

describe('private rooms endpoint', () => {
  it('locks an open room and returns editor, viewer and embed links', async () => {
    expect((await call('GET', '/rooms/jam/access')).body).toEqual({ room: 'jam', private: false });
    const locked = await call('POST', '/rooms/jam/private', { body: JSON.stringify({ ttlSeconds: 3600 }) });
    expect(locked.status).toBe(201);
    const links = locked.body as PrivateRoomLinks;
    expect(links.expiresAt).toBe(now + 3600);
    expect(role('jam', links.editor.token)).toBe('editor');
    expect(role('jam', links.viewer.token)).toBe('viewer');
    expect(links.editor.path).toBe(`/r/jam?token=${links.editor.token}`);
    expect(links.embed.path).toBe(`/embed/jam?token=${links.viewer.token}`);
    expect((await call('GET', '/rooms/jam/access')).body).toEqual({ room: 'jam', private: true });
  });

  it('needs the editor token to change a private room', async () => {
    const links = (await call('POST', '/rooms/priv/private')).body as PrivateRoomLinks;
    expect((await call('POST', '/rooms/priv/private')).status).toBe(401);
    expect((await call('POST', '/rooms/priv/private', { token: links.viewer.token })).status).toBe(403);
    expect((await call('POST', '/rooms/priv/private', { token: keyring.sign('other', 'editor', 60, now) })).status).toBe(403);
    const again = await call('POST', '/rooms/priv/private', { token: links.editor.token });
    expect(again.status).toBe(200);
  });

  it('reset revokes every earlier link; reopening makes the room open', async () => {
    const first = (await call('POST', '/rooms/reset/private')).body as PrivateRoomLinks;
    const reset = await call('POST', '/rooms/reset/private', { token: first.editor.token, body: '{"reset":true}' });
    expect(reset.status).toBe(200);
    const second = reset.body as PrivateRoomLinks;
    const record = await access.get('reset');
    const accessOf = (token: string): string => {
      const d = decideRoomAccess({ roomId: 'reset', token, wantsView: false }, record, keyring, now);
      return d.ok ? d.role : d.rejection.reason;
    };
    expect(accessOf(first.editor.token)).toBe('token-expired');
    expect(accessOf(second.editor.token)).toBe('editor');
    expect((await call('DELETE', '/rooms/reset/private', { token: first.editor.token })).status).toBe(403);
    expect((await call('DELETE', '/rooms/reset/private', { token: second.editor.token })).status).toBe(204);
    expect(await access.get('reset')).toBeUndefined();
  });

  it("locking a room keeps its hosts' earlier links working; a reset revokes them too", async () => {
    // "New private room": the owner's link is signed at the claim, the lock comes a second or more later.
    const ownerLink = keyring.sign('owned', 'host', 3600, now, { owner: true });
    now += 2;
    const locked = await call('POST', '/rooms/owned/private', { token: ownerLink });
    expect(locked.status).toBe(201);
    const accessOf = async (token: string): Promise<string> => {
      const d = decideRoomAccess({ roomId: 'owned', token, wantsView: false }, await access.get('owned'), keyring, now);
      return d.ok ? d.role : d.rejection.reason;
    };
    expect(await accessOf(ownerLink)).toBe('host');
    expect((await call('POST', '/rooms/owned/private', { token: ownerLink })).status).toBe(200);
    now += 2;
    const reset = await call('POST', '/rooms/owned/private', { token: ownerLink, body: '{"reset":true}' });
    expect(reset.status).toBe(200);
    expect(await accessOf(ownerLink)).toBe('token-expired');
    expect(await accessOf((reset.body as PrivateRoomLinks).editor.token)).toBe('editor');
    expect((await call('POST', '/rooms/owned/private', { token: ownerLink })).status).toBe(403);
  });

  it('refuses bad bodies, methods, foreign origins; answers CORS for the web app', async () => {
    expect((await call('POST', '/rooms/b1/private', { body: 'nope' })).status).toBe(400);
    expect((await call('POST', '/rooms/b2/private', { body: '{"ttlSeconds":1}' })).status).toBe(400);
    expect((await call('POST', '/rooms/b3/private', { body: 'x'.repeat(5000) })).status).toBe(400);
    expect((await call('PUT', '/rooms/b4/private')).status).toBe(405);
    expect((await call('POST', '/rooms/b5/private', { origin: 'https://evil.example' })).status).toBe(403);
    expect(await access.get('b5')).toBeUndefined();
    const preflight = await call('OPTIONS', '/rooms/b6/private', { origin: 'http://localhost:3000' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect((await call('POST', '/rooms/..%2f/private')).status).toBe(404);
    expect((await call('GET', '/rooms/jam')).status).toBe(404);
  });

  it('links expire', async () => {
    const links = (await call('POST', '/rooms/exp/private', { body: '{"ttlSeconds":60}' })).body as PrivateRoomLinks;
    now += 61;
    expect(role('exp', links.editor.token)).toBe('refused');
  });
});
