import { describe, expect, it } from 'vitest';
import { TokenKeyring } from './capabilityToken.js';
import { IpConnectionTracker, REFUSAL_NOTICE_BURST } from './IpConnectionTracker.js';
import { DEFAULT_LIMITS } from './limits.js';
import { DEFAULT_ORIGIN_POLICY } from './originPolicy.js';
import { MemoryRoomAccessStore, type RoomAccessStore } from './roomAccess.js';
import { UpgradePolicy, type RoomCapacity, type UpgradeDecision } from './UpgradePolicy.js';

const NOW = 1_800_000_000;
const keyring = new TokenKeyring([Buffer.alloc(32, 3)]);

function setup(overrides: { capacity?: Partial<RoomCapacity>; access?: RoomAccessStore; maxConnectionsPerIp?: number } = {}) {
  const access = overrides.access ?? new MemoryRoomAccessStore();
  const maxConnectionsPerIp = overrides.maxConnectionsPerIp ?? 10;
  const addresses = new IpConnectionTracker({ ...DEFAULT_LIMITS, maxConnectionsPerIp });
  const capacity: RoomCapacity = { isLoaded: () => true, loadedRooms: () => 1, clientsIn: () => 0, ...overrides.capacity };
  const policy = new UpgradePolicy({ origins: DEFAULT_ORIGIN_POLICY, keyring, access, addresses, capacity, limits: { ...DEFAULT_LIMITS, maxClientsPerRoom: 3, maxLoadedRooms: 2, maxConnectionsPerIp }, nowSeconds: () => NOW });
  const decide = (query = '', origin?: string, room = 'jam', address = '10.0.0.1'): Promise<UpgradeDecision> =>
    policy.decide({ roomId: room, address, origin, host: 'localhost:8787', url: new URL(`http://x/rooms/${room}${query}`) });
  return { policy, access, addresses, decide };
}

function outcome(d: UpgradeDecision): string {
  if (d.ok) return d.role;
  return d.rejection.stage === 'upgrade' ? `http ${d.rejection.status}` : `close ${d.rejection.code}`;
}

describe('UpgradePolicy', () => {
  it('accepts an open room, as viewer with ?view=1', async () => {
    const { decide } = setup();
    expect(outcome(await decide())).toBe('editor');
    expect(outcome(await decide('?view=1'))).toBe('viewer');
    expect(outcome(await decide('?view=0'))).toBe('editor');
  });

  it('refuses a foreign origin with 403 before anything else', async () => {
    const { decide, addresses } = setup();
    expect(outcome(await decide('', 'https://evil.example'))).toBe('http 403');
    expect(addresses.openCount('10.0.0.1')).toBe(0);
  });

  it('enforces private rooms with tokens', async () => {
    const { decide, access } = setup();
    await access.set('jam', { private: true, since: NOW - 10 });
    expect(outcome(await decide())).toBe('close 4401');
    expect(outcome(await decide(`?token=${keyring.sign('jam', 'viewer', 60, NOW)}`))).toBe('viewer');
    expect(outcome(await decide(`?token=${keyring.sign('jam', 'editor', 60, NOW)}`))).toBe('editor');
    expect(outcome(await decide(`?token=${keyring.sign('jam', 'editor', 60, NOW - 100)}`))).toBe('close 4401');
    expect(outcome(await decide('?token=nonsense'))).toBe('close 4402');
  });

  it('holds one address slot per accepted connection until released, and none for refusals', async () => {
    const { decide, addresses, access } = setup({ maxConnectionsPerIp: 2 });
    await access.set('locked', { private: true, since: 0 });
    expect(outcome(await decide('', undefined, 'locked'))).toBe('close 4401');
    const first = await decide();
    await decide();
    expect(addresses.openCount('10.0.0.1')).toBe(2);
    expect(outcome(await decide())).toBe('close 4430');
    if (first.ok) {
      first.release();
      first.release();
    }
    expect(addresses.openCount('10.0.0.1')).toBe(1);
  });

  it('explains per-address refusals on an accepted socket, until they come too fast: then a cheap 429', async () => {
    const { decide } = setup({ maxConnectionsPerIp: 1 });
    await decide();
    const refused = await decide();
    expect(outcome(refused)).toBe('close 4430');
    if (!refused.ok) expect(refused.rejection.message).toContain('1 connections open');
    for (let i = 1; i < REFUSAL_NOTICE_BURST; i++) expect(outcome(await decide())).toBe('close 4430');
    expect(outcome(await decide())).toBe('http 429');
    expect(outcome(await decide('', undefined, 'jam', '10.0.0.2'))).toBe('editor');
  });

  it('answers a full room with 4409 and a full server with 1013', async () => {
    expect(outcome(await setup({ capacity: { clientsIn: () => 3 } }).decide())).toBe('close 4409');
    expect(outcome(await setup({ capacity: { isLoaded: () => false, loadedRooms: () => 2 } }).decide())).toBe('close 1013');
    expect(outcome(await setup({ capacity: { isLoaded: () => true, loadedRooms: () => 2 } }).decide())).toBe('editor');
  });

  it('frees the slot when the access store fails', async () => {
    const failing: RoomAccessStore = { get: () => Promise.reject(new Error('disk')), set: () => Promise.resolve() };
    const { decide, addresses } = setup({ access: failing });
    await expect(decide()).rejects.toThrow('disk');
    expect(addresses.openCount('10.0.0.1')).toBe(0);
  });
});
