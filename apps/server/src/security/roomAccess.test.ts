import { describe, expect, it } from 'vitest';
import { TokenKeyring } from './capabilityToken.js';
import { MemoryRoomAccessStore, decideRoomAccess, type AccessDecision } from './roomAccess.js';

const NOW = 1_800_000_000;
const keyring = new TokenKeyring([Buffer.alloc(32, 7)]);
const locked = { private: true as const, since: NOW - 100 };

function outcome(d: AccessDecision): string {
  if (d.ok) return d.role;
  return d.rejection.stage === 'upgrade' ? `http ${d.rejection.status}` : `close ${d.rejection.code}`;
}

describe('decideRoomAccess', () => {
  const ask = (token: string | null, room: 'open' | 'locked' = 'locked', wantsView = false): string =>
    outcome(decideRoomAccess({ roomId: 'jam', token, wantsView }, room === 'locked' ? locked : undefined, keyring, NOW));

  it('lets anyone edit an open room, and view when asked to', () => {
    expect(ask(null, 'open')).toBe('editor');
    expect(ask('', 'open')).toBe('editor');
    expect(ask(null, 'open', true)).toBe('viewer');
  });

  it('requires a token in a private room (closed with 4401 so the page can say why)', () => {
    expect(ask(null)).toBe('close 4401');
  });

  it('gives a private room editor or viewer by token, and never more than asked', () => {
    expect(ask(keyring.sign('jam', 'editor', 60, NOW))).toBe('editor');
    expect(ask(keyring.sign('jam', 'viewer', 60, NOW))).toBe('viewer');
    expect(ask(keyring.sign('jam', 'editor', 60, NOW), 'locked', true)).toBe('viewer');
    expect(ask(keyring.sign('jam', 'viewer', 60, NOW), 'open')).toBe('viewer');
  });

  it('answers expired and revoked tokens with 4401, unusable ones (other room, other secret, garbled) with 4402', () => {
    expect(ask(keyring.sign('jam', 'editor', 60, NOW - 61))).toBe('close 4401');
    expect(ask(keyring.sign('jam', 'editor', 600, NOW - 200))).toBe('close 4401');
    expect(ask(keyring.sign('other', 'editor', 60, NOW))).toBe('close 4402');
    expect(ask(new TokenKeyring([Buffer.alloc(32, 8)]).sign('jam', 'editor', 60, NOW))).toBe('close 4402');
    expect(ask('garbage')).toBe('close 4402');
    expect(ask('garbage', 'open')).toBe('close 4402');
  });
});

describe('decideRoomAccess for host links', () => {
  const hostLink = (iat: number): string => keyring.sign('jam', 'host', 600, iat, { owner: true });
  const decide = (token: string, record: typeof locked & { hostLinksSince?: number }): string =>
    outcome(decideRoomAccess({ roomId: 'jam', token, wantsView: false }, record, keyring, NOW));

  it('lets a host link older than the lock in (the owner locking the room they created), unless a reset came after it', () => {
    expect(decide(hostLink(NOW - 200), locked)).toBe('host');
    expect(decide(hostLink(NOW - 200), { ...locked, hostLinksSince: NOW - 150 })).toBe('close 4401');
    expect(decide(hostLink(NOW - 150), { ...locked, hostLinksSince: NOW - 150 })).toBe('host');
    expect(decide(keyring.sign('jam', 'editor', 600, NOW - 200), locked)).toBe('close 4401');
  });
});

describe('MemoryRoomAccessStore', () => {
  it('records, returns copies and forgets', async () => {
    const store = new MemoryRoomAccessStore();
    expect(await store.get('jam')).toBeUndefined();
    await store.set('jam', { private: true, since: 5 });
    expect(await store.get('jam')).toEqual({ private: true, since: 5 });
    await store.set('jam', undefined);
    expect(await store.get('jam')).toBeUndefined();
  });
});
