import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/optionParsers.js';
import { DEFAULT_ORIGIN_POLICY, checkOrigin, normalizeOrigin, resolveOriginPolicy } from './originPolicy.js';

describe('checkOrigin', () => {
  const policy = DEFAULT_ORIGIN_POLICY;

  it('accepts the web app development origins', () => {
    expect(checkOrigin(policy, 'http://localhost:3000', 'localhost:8787')).toEqual({ allowed: true, rule: 'listed' });
    expect(checkOrigin(policy, 'HTTP://LOCALHOST:3000', 'elsewhere:8787').allowed).toBe(true);
  });

  it('accepts a page served from the same host name as the server (LAN phones)', () => {
    expect(checkOrigin(policy, 'http://192.168.1.20:3000', '192.168.1.20:8787')).toEqual({ allowed: true, rule: 'same-host' });
    expect(checkOrigin(policy, 'https://[fe80::1]:3000', '[fe80::1]:8787').allowed).toBe(true);
  });

  it('refuses foreign, null and non-http origins', () => {
    expect(checkOrigin(policy, 'https://evil.example', '192.168.1.20:8787')).toEqual({ allowed: false, origin: 'https://evil.example' });
    expect(checkOrigin(policy, 'null', 'localhost:8787').allowed).toBe(false);
    expect(checkOrigin(policy, 'file://', 'localhost:8787').allowed).toBe(false);
    expect(checkOrigin(policy, 'http://localhost:3001', undefined).allowed).toBe(false);
    expect(checkOrigin(policy, 'http://localhost.evil.example:3000', 'localhost:8787').allowed).toBe(false);
  });

  it('accepts a missing Origin (non-browser clients) unless told otherwise', () => {
    expect(checkOrigin(policy, undefined, 'x')).toEqual({ allowed: true, rule: 'no-origin' });
    expect(checkOrigin({ ...policy, allowMissingOrigin: false }, undefined, 'x').allowed).toBe(false);
  });

  it('honours * and a disabled same-host rule', () => {
    expect(checkOrigin({ ...policy, allowedOrigins: ['*'] }, 'https://anything.example', 'x').allowed).toBe(true);
    expect(checkOrigin({ ...policy, allowSameHost: false }, 'http://192.168.1.20:3000', '192.168.1.20:8787').allowed).toBe(false);
  });
});

describe('resolveOriginPolicy', () => {
  it('defaults without configuration', () => {
    expect(resolveOriginPolicy({})).toEqual(DEFAULT_ORIGIN_POLICY);
  });

  it('reads the list and switches from the environment; the flag wins', () => {
    const policy = resolveOriginPolicy({
      PROMPTJAM_ALLOWED_ORIGINS: 'https://jam.example, https://JAM.example:443',
      PROMPTJAM_ALLOW_SAME_HOST_ORIGIN: 'false',
      PROMPTJAM_ALLOW_MISSING_ORIGIN: '0',
    });
    expect(policy).toEqual({ allowedOrigins: ['https://jam.example', 'https://jam.example'], allowSameHost: false, allowMissingOrigin: false });
    expect(resolveOriginPolicy({ PROMPTJAM_ALLOWED_ORIGINS: 'https://a.example' }, '*').allowedOrigins).toEqual(['*']);
  });

  it('names the bad entry', () => {
    expect(() => resolveOriginPolicy({ PROMPTJAM_ALLOWED_ORIGINS: 'jam.example' })).toThrow(ConfigError);
    expect(() => resolveOriginPolicy({ PROMPTJAM_ALLOW_SAME_HOST_ORIGIN: 'maybe' })).toThrow(/true or false/);
  });

  it('normalizes origins', () => {
    expect(normalizeOrigin('https://Jam.Example:443/path')).toBe('https://jam.example');
    expect(normalizeOrigin('ws://x')).toBeUndefined();
  });
});
