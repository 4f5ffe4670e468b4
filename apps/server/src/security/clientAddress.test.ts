import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress } from './clientAddress.js';

describe('addressKey', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6', () => {
    expect(addressKey('10.0.0.7')).toBe('10.0.0.7');
    expect(addressKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
  });

  it('groups IPv6 by /64', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('clientAddress', () => {
  const request = (peer: string, xff?: string | string[]) => ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as never;

  it('uses the peer unless the proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.1', '1.2.3.4'), false)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1', 'spoofed, 1.2.3.4'), true)).toBe('1.2.3.4');
    expect(clientAddress(request('10.0.0.1', ['a', 'b, 5.6.7.8']), true)).toBe('5.6.7.8');
    expect(clientAddress(request('10.0.0.1'), true)).toBe('10.0.0.1');
  });
});
