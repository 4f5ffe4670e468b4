import { describe, expect, it } from 'vitest';
import { defaultServerUrl, InvalidServerUrlError, normalizeServerUrl, parseServerPort, resolveServerUrl } from './serverUrl';

describe('normalizeServerUrl', () => {
  it('treats unset and blank as not configured', () => {
    expect(normalizeServerUrl(undefined)).toBeNull();
    expect(normalizeServerUrl('  ')).toBeNull();
  });

  it('keeps ws and wss URLs, dropping trailing slashes', () => {
    expect(normalizeServerUrl('ws://localhost:8787/')).toBe('ws://localhost:8787');
    expect(normalizeServerUrl('wss://jam.example/api//')).toBe('wss://jam.example/api');
  });

  it('maps http to ws and https to wss', () => {
    expect(normalizeServerUrl('http://gpu.lan:9000')).toBe('ws://gpu.lan:9000');
    expect(normalizeServerUrl('https://jam.example')).toBe('wss://jam.example');
  });

  it('rejects relative and non-web URLs with what it expected', () => {
    expect(() => normalizeServerUrl('localhost:8787/x')).toThrow(InvalidServerUrlError);
    expect(() => normalizeServerUrl('/rooms')).toThrow(/absolute URL/);
    expect(() => normalizeServerUrl('ftp://host')).toThrow(/ws:, wss:, http: or https:/);
  });
});

describe('defaultServerUrl', () => {
  it('uses the page host on port 8787', () => {
    expect(defaultServerUrl({ protocol: 'http:', hostname: '192.168.1.20' })).toBe('ws://192.168.1.20:8787');
  });

  it('uses wss for https pages and brackets IPv6 hosts', () => {
    expect(defaultServerUrl({ protocol: 'https:', hostname: 'jam.example' })).toBe('wss://jam.example:8787');
    expect(defaultServerUrl({ protocol: 'http:', hostname: '::1' })).toBe('ws://[::1]:8787');
    expect(defaultServerUrl({ protocol: 'http:', hostname: '[::1]' })).toBe('ws://[::1]:8787');
  });

  it('prefers the configured URL', () => {
    expect(resolveServerUrl('ws://gpu:1', { protocol: 'http:', hostname: 'x' })).toBe('ws://gpu:1');
    expect(resolveServerUrl(null, { protocol: 'http:', hostname: 'x' })).toBe('ws://x:8787');
  });
});

describe('the server port', () => {
  it('defaults to 8787 and follows PROMPTJAM_PORT', () => {
    expect(parseServerPort(undefined)).toBe(8787);
    expect(parseServerPort(' ')).toBe(8787);
    expect(parseServerPort('9000')).toBe(9000);
    expect(resolveServerUrl(null, { protocol: 'http:', hostname: 'x' }, 9000)).toBe('ws://x:9000');
  });

  it('refuses values that are not ports, naming the variable', () => {
    for (const bad of ['0', '65536', '80.5', 'http']) {
      expect(() => parseServerPort(bad)).toThrow(/PROMPTJAM_PORT: expected a port number/);
    }
  });
});
