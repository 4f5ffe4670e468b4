import { describe, expect, it } from 'vitest';
import { hostTokenKey, serverHttpUrl, tokenIssuedAt, tokenRole } from './hostLink';

describe('host link helpers', () => {
  it('reads the role a token claims, and null for anything that is not a token', () => {
    const payload = Buffer.from(JSON.stringify({ v: 1, room: 'r', role: 'host', iat: 1, exp: 2 })).toString('base64url');
    expect(tokenRole(`${payload}.c2ln`)).toBe('host');
    expect(tokenRole('garbage')).toBeNull();
    expect(tokenRole('')).toBeNull();
    expect(tokenIssuedAt(`${payload}.c2ln`)).toBe(1);
    expect(tokenIssuedAt('garbage')).toBe(0);
  });

  it('turns the socket URL into the HTTP one and keys tokens by room', () => {
    expect(serverHttpUrl('ws://10.0.0.5:8787')).toBe('http://10.0.0.5:8787');
    expect(serverHttpUrl('wss://jam.example/')).toBe('https://jam.example');
    expect(hostTokenKey('violet-otter-42')).toBe('promptjam:host:violet-otter-42');
  });
});
