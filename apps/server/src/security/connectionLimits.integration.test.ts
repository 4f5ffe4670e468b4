/**
 * The connection limits through a real server: per address, per room, per server, and 10,000 distinct rooms
 * from one client.
 */
import { CloseCode } from '@promptjam/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { useDemoEngine } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import { REFUSAL_NOTICE_BURST } from './IpConnectionTracker.js';
import { DEFAULT_LIMITS } from './limits.js';
import { LimitsHarness } from './test/LimitsHarness.js';
import { closeOnOpen, openRaw } from './test/rawSocket.js';

const demo = useDemoEngine();
const harness = new LimitsHarness(() => demo.engine);

afterEach(() => harness.cleanup());

describe('connection limits', () => {
  it('max-connections-per-ip: the page is told why (4430 with a reason); a flood of refusals gets a cheap 429', async () => {
    const server = await harness.serverWith({ maxConnectionsPerIp: 3 });
    for (let i = 0; i < 3; i++) expect('ws' in (await openRaw(server.url, `/rooms/ip${i}`))).toBe(true);
    const refused = await closeOnOpen(server.url, '/rooms/ip-extra');
    expect(refused.code).toBe(CloseCode.TooManyConnectionsFromAddress);
    expect(refused.reason).toContain('3 connections');
    // Keep knocking: the explained refusals run out after about a burst's worth (plus what refills meanwhile).
    let explained = 1;
    for (let attempt = 0; attempt < 4 * REFUSAL_NOTICE_BURST; attempt++) {
      const again = await openRaw(server.url, '/rooms/ip-extra');
      if ('status' in again) {
        expect(again.status).toBe(429);
        break;
      }
      expect((await again.closed).code).toBe(CloseCode.TooManyConnectionsFromAddress);
      explained++;
    }
    expect(explained).toBeGreaterThanOrEqual(REFUSAL_NOTICE_BURST);
    expect(explained).toBeLessThan(4 * REFUSAL_NOTICE_BURST);
  });

  it('upgrades-per-ip-per-second and upgrade-burst-per-ip (4431 with a reason)', async () => {
    const server = await harness.serverWith({ upgradeBurstPerIp: 3, upgradesPerIpPerSecond: 1 });
    for (let i = 0; i < 3; i++) {
      const r = await openRaw(server.url, '/rooms/burst');
      if ('ws' in r) r.ws.terminate();
    }
    const refused = await closeOnOpen(server.url, '/rooms/burst');
    expect(refused.code).toBe(CloseCode.ConnectingTooFast);
    expect(refused.reason).toContain('new connections per second');
  });

  it('a whole room fits behind one address with the defaults (per-address caps at least the room cap)', () => {
    expect(DEFAULT_LIMITS.maxConnectionsPerIp).toBeGreaterThanOrEqual(DEFAULT_LIMITS.maxClientsPerRoom);
    expect(DEFAULT_LIMITS.upgradeBurstPerIp).toBeGreaterThanOrEqual(DEFAULT_LIMITS.maxClientsPerRoom);
  });

  it('max-clients-per-room (4409)', async () => {
    const server = await harness.serverWith({ maxClientsPerRoom: 2 });
    await harness.bystander(server, 'full');
    await harness.bystander(server, 'full');
    expect((await closeOnOpen(server.url, '/rooms/full')).code).toBe(4409);
  });

  it('10,000 distinct rooms from one client: loaded rooms stay bounded, then the server still serves', async () => {
    const server = await harness.serverWith({ maxLoadedRooms: 20, upgradeBurstPerIp: 1_000_000, upgradesPerIpPerSecond: 100_000 }, { roomIdleMs: 0 });
    const heapBefore = process.memoryUsage().heapUsed;
    let next = 0;
    let peakRooms = 0;
    const codes = new Map<number, number>();
    const worker = async (): Promise<void> => {
      while (next < 10_000) {
        const room = `many-${next++}`;
        const opened = await openRaw(server.url, `/rooms/${room}`);
        if ('status' in opened) throw new Error(`refused with ${opened.status}`);
        opened.ws.close(1000);
        const { code } = await opened.closed;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        peakRooms = Math.max(peakRooms, server.rooms.size);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect([...codes.keys()].every((code) => code === 1000 || code === 1005 || code === 1013), JSON.stringify([...codes])).toBe(true);
    expect(peakRooms).toBeLessThanOrEqual(20 + 16);
    await waitUntil(() => server.rooms.size === 0, 'the rooms to unload', 30_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(128 * 1024 * 1024);
    await harness.stillWorks(server, await harness.bystander(server, 'afterwards'));
  }, 180_000);

  it('max-loaded-rooms (1013)', async () => {
    const server = await harness.serverWith({ maxLoadedRooms: 2 });
    await harness.bystander(server, 'one');
    await harness.bystander(server, 'two');
    expect((await closeOnOpen(server.url, '/rooms/three')).code).toBe(1013);
    await harness.bystander(server, 'one');
  });
});
