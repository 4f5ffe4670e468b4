/**
 * The connection limits through a real server: per address, per room, per server, and 10,000 distinct rooms
 * from one client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useDemoEngine } from '../test/testServer.js';
import { waitUntil } from '../test/waitUntil.js';
import { LimitsHarness } from './test/LimitsHarness.js';
import { closeOnOpen, openRaw, refusalStatus } from './test/rawSocket.js';

const demo = useDemoEngine();
const harness = new LimitsHarness(() => demo.engine);

afterEach(() => harness.cleanup());

describe('connection limits', () => {
  it('max-connections-per-ip (429)', async () => {
    const server = await harness.serverWith({ maxConnectionsPerIp: 3 });
    for (let i = 0; i < 3; i++) expect('ws' in (await openRaw(server.url, `/rooms/ip${i}`))).toBe(true);
    expect(await refusalStatus(server.url, '/rooms/ip-extra')).toBe(429);
  });

  it('upgrades-per-ip-per-second and upgrade-burst-per-ip (429)', async () => {
    const server = await harness.serverWith({ upgradeBurstPerIp: 3, upgradesPerIpPerSecond: 1 });
    for (let i = 0; i < 3; i++) {
      const r = await openRaw(server.url, '/rooms/burst');
      if ('ws' in r) r.ws.terminate();
    }
    expect(await refusalStatus(server.url, '/rooms/burst')).toBe(429);
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
