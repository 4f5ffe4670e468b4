import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRetryDelayMs, postHost } from './hostLink';

/** A real HTTP server that refuses every host claim the way the room server does when the room has a host. */
let refusing: Server;
let refusingUrl: string;

beforeAll(async () => {
  refusing = createServer((_request, response) => {
    response.writeHead(409, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'this room already has a host' }));
  });
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
  refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => refusing.close(() => resolve())));

describe('claiming a room', () => {
  it('tells a server that cannot be reached (worth retrying) from one that refused', async () => {
    // A port nobody listens on: the server was closed again right after binding it.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const down = await postHost(`http://127.0.0.1:${closedPort}`, '/rooms/r/host', {}, null);
    expect(down).toMatchObject({ ok: false, unreachable: true });

    const refused = await postHost(refusingUrl, '/rooms/r/host', {}, null);
    expect(refused).toEqual({ ok: false, error: 'this room already has a host', unreachable: false });
  });

  it('waits 1 s before the first retry, doubling up to 15 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(claimRetryDelayMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });
});
