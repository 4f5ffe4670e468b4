import { describe, expect, it } from 'vitest';
import { hostTokenKey, hostTokenRole, hostTokenToKeep, serverHttpUrl, tokenIssuedAt, tokenRole } from './hostLink';

/** An unsigned token with `payload` (the page only reads payloads; the server checks signatures). */
function tokenWith(payload: Record<string, unknown>): string {
  return `${Buffer.from(JSON.stringify({ v: 1, room: 'r', role: 'host', exp: 9e9, ...payload })).toString('base64url')}.c2ln`;
}

describe('host link helpers', () => {
  it('reads the role a token claims, and null for anything that is not a token', () => {
    const payload = Buffer.from(JSON.stringify({ v: 1, room: 'r', role: 'host', iat: 1, exp: 2 })).toString('base64url');
    expect(tokenRole(`${payload}.c2ln`)).toBe('host');
    expect(tokenRole('garbage')).toBeNull();
    expect(tokenRole('')).toBeNull();
    expect(tokenIssuedAt(`${payload}.c2ln`)).toBe(1);
    expect(tokenIssuedAt('garbage')).toBe(0);
  });

  it("tells the owner's link from a co-host's, and a revoked one from both", () => {
    const room = { hostSince: 100, ownerSince: 100, revokedHosts: new Set(['gone1234']) };
    expect(hostTokenRole(tokenWith({ iat: 100, owner: true }), room)).toBe('owner');
    expect(hostTokenRole(tokenWith({ iat: 100, hid: 'kept1234' }), room)).toBe('host');
    expect(hostTokenRole(tokenWith({ iat: 100, hid: 'gone1234' }), room)).toBeNull();
    expect(hostTokenRole(tokenWith({ iat: 99, owner: true }), room)).toBeNull();
    // A room claimed before owners existed has peer hosts only.
    expect(hostTokenRole(tokenWith({ iat: 100, owner: true }), { ...room, ownerSince: 0 })).toBe('host');
  });

  it('never lets a co-host link opened in the owner’s browser replace the owner link', () => {
    const owner = tokenWith({ iat: 100, owner: true });
    const coHost = tokenWith({ iat: 101, hid: 'kept1234' });
    const newerOwner = tokenWith({ iat: 102, owner: true });
    expect(hostTokenToKeep(owner, coHost)).toBe(owner);
    expect(hostTokenToKeep(owner, newerOwner)).toBe(newerOwner);
    expect(hostTokenToKeep(coHost, owner)).toBe(owner);
    expect(hostTokenToKeep(null, coHost)).toBe(coHost);
  });

  it('turns the socket URL into the HTTP one and keys tokens by room', () => {
    expect(serverHttpUrl('ws://10.0.0.5:8787')).toBe('http://10.0.0.5:8787');
    expect(serverHttpUrl('wss://jam.example/')).toBe('https://jam.example');
    expect(hostTokenKey('violet-otter-42')).toBe('promptjam:host:violet-otter-42');
  });
});
