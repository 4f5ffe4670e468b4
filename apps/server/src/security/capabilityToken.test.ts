import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_CHARS, TokenKeyring, WeakSecretError } from './capabilityToken.js';

const NOW = 1_800_000_000;
const secretA = Buffer.alloc(32, 'a');
const secretB = Buffer.alloc(32, 'b');

/** Signs an arbitrary payload string the way the keyring does, to test payload validation behind a good MAC. */
function signRaw(secret: Buffer, payloadJson: string): string {
  const part = Buffer.from(payloadJson).toString('base64url');
  const mac = createHmac('sha256', secret).update('promptjam-token-v1.').update(part).digest('base64url');
  return `${part}.${mac}`;
}

describe('TokenKeyring', () => {
  const keyring = new TokenKeyring([secretA]);

  it('signs and verifies an editor and a viewer token', () => {
    for (const role of ['editor', 'viewer'] as const) {
      const token = keyring.sign('jam-1', role, 3600, NOW);
      const check = keyring.verify(token, 'jam-1', NOW + 10);
      expect(check).toEqual({ status: 'valid', payload: { v: 1, room: 'jam-1', role, iat: NOW, exp: NOW + 3600 } });
    }
  });

  it('reads a token signed for an older spelling of the room as a token for its canonical id', () => {
    const token = signRaw(secretA, JSON.stringify({ v: 1, room: 'Violet_Otter-42', role: 'editor', iat: NOW, exp: NOW + 60 }));
    expect(keyring.verify(token, 'violet-otter-42', NOW)).toMatchObject({ status: 'valid', payload: { room: 'violet-otter-42' } });
    expect(() => keyring.sign('Violet-Otter-42', 'editor', 60, NOW)).toThrow(RangeError);
  });

  it('signs and reads the owner and co-host link claims of host tokens, and refuses them on other roles', () => {
    const owner = keyring.verify(keyring.sign('jam-1', 'host', 60, NOW, { owner: true }), 'jam-1', NOW);
    expect(owner).toEqual({ status: 'valid', payload: { v: 1, room: 'jam-1', role: 'host', iat: NOW, exp: NOW + 60, owner: true } });
    const coHost = keyring.verify(keyring.sign('jam-1', 'host', 60, NOW, { hid: 'abcdEFGH12' }), 'jam-1', NOW);
    expect(coHost).toMatchObject({ status: 'valid', payload: { role: 'host', hid: 'abcdEFGH12' } });
    expect(coHost.status === 'valid' && 'owner' in coHost.payload).toBe(false);
    expect(() => keyring.sign('jam-1', 'editor', 60, NOW, { owner: true })).toThrow(RangeError);
    expect(() => keyring.sign('jam-1', 'host', 60, NOW, { hid: 'short' })).toThrow(RangeError);
    const base = { v: 1, room: 'jam-1', iat: NOW, exp: NOW + 60 };
    for (const bad of [
      { ...base, role: 'editor', owner: true },
      { ...base, role: 'viewer', hid: 'abcdefgh' },
      { ...base, role: 'host', owner: false },
      { ...base, role: 'host', owner: 'yes' },
      { ...base, role: 'host', hid: 'no spaces here' },
      { ...base, role: 'host', hid: 12345678 },
    ]) {
      expect(keyring.verify(signRaw(secretA, JSON.stringify(bad)), 'jam-1', NOW).status).toBe('malformed');
    }
  });

  it('reports expiry from the exp second on', () => {
    const token = keyring.sign('jam-1', 'editor', 60, NOW);
    expect(keyring.verify(token, 'jam-1', NOW + 59).status).toBe('valid');
    expect(keyring.verify(token, 'jam-1', NOW + 60).status).toBe('expired');
  });

  it('reports a token for another room', () => {
    const token = keyring.sign('jam-1', 'editor', 60, NOW);
    expect(keyring.verify(token, 'jam-2', NOW).status).toBe('wrong-room');
  });

  it('reports forgery: another secret, a changed payload, a changed or shortened signature', () => {
    const token = keyring.sign('jam-1', 'viewer', 60, NOW);
    const [payload, sig] = token.split('.') as [string, string];
    expect(new TokenKeyring([secretB]).verify(token, 'jam-1', NOW).status).toBe('forged');
    const upgraded = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('viewer', 'editor')).toString('base64url');
    expect(keyring.verify(`${upgraded}.${sig}`, 'jam-1', NOW).status).toBe('forged');
    const flipped = Buffer.from(sig, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(keyring.verify(`${payload}.${flipped.toString('base64url')}`, 'jam-1', NOW).status).toBe('forged');
    expect(keyring.verify(`${payload}.${sig.slice(0, 20)}`, 'jam-1', NOW).status).toBe('forged');
    expect(keyring.verify(`${payload}.${randomBytes(32).toString('base64url')}`, 'jam-1', NOW).status).toBe('forged');
  });

  it('reports malformed tokens without throwing', () => {
    const cases: unknown[] = [undefined, null, 42, '', 'abc', 'a.b.c', 'a b.c', '.', 'x'.repeat(MAX_TOKEN_CHARS + 1), 'abc.d+/='];
    for (const token of cases) expect(keyring.verify(token, 'jam-1', NOW).status).toBe('malformed');
  });

  it('rejects a non-canonical signature encoding', () => {
    const token = keyring.sign('jam-1', 'viewer', 60, NOW);
    // 32 bytes in base64url end in a character carrying 2 unused bits; setting them keeps the bytes, changes the text.
    const [payload, sig] = token.split('.') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1)!);
    const variant = sig.slice(0, -1) + alphabet[last | 1];
    if (variant !== sig) expect(keyring.verify(`${payload}.${variant}`, 'jam-1', NOW).status).toBe('malformed');
  });

  it('reports a correctly signed payload of the wrong shape as malformed', () => {
    const bad = [
      'not json',
      '[]',
      '{"v":2,"room":"jam-1","role":"editor","iat":1,"exp":9999999999}',
      '{"v":1,"room":"../etc","role":"editor","iat":1,"exp":9999999999}',
      '{"v":1,"room":"jam-1","role":"admin","iat":1,"exp":9999999999}',
      '{"v":1,"room":"jam-1","role":"editor","iat":1,"exp":"never"}',
      '{"v":1,"room":"jam-1","role":"editor","iat":-1,"exp":1e300}',
    ];
    for (const json of bad) expect(keyring.verify(signRaw(secretA, json), 'jam-1', NOW).status).toBe('malformed');
  });

  it('rotates: the first secret signs, every secret verifies', () => {
    const old = new TokenKeyring([secretA]).sign('jam-1', 'editor', 60, NOW);
    const rotated = new TokenKeyring([secretB, secretA]);
    expect(rotated.verify(old, 'jam-1', NOW).status).toBe('valid');
    const fresh = rotated.sign('jam-1', 'editor', 60, NOW);
    expect(new TokenKeyring([secretB]).verify(fresh, 'jam-1', NOW).status).toBe('valid');
    expect(new TokenKeyring([secretA]).verify(fresh, 'jam-1', NOW).status).toBe('forged');
  });

  it('refuses weak secrets and bad signing input', () => {
    expect(() => new TokenKeyring([])).toThrow(WeakSecretError);
    expect(() => new TokenKeyring([Buffer.alloc(31)])).toThrow(WeakSecretError);
    expect(() => keyring.sign('../x', 'editor', 60)).toThrow(RangeError);
    expect(() => keyring.sign('ok', 'editor', 0)).toThrow(RangeError);
  });
});
