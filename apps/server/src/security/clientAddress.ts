/**
 * The address a connection is counted under for per-address limits. IPv4-mapped IPv6 addresses are
 * unwrapped; IPv6 addresses are grouped by their /64 prefix, because one host usually holds a whole /64 and
 * could otherwise open connections from endless addresses. Behind a reverse proxy every peer is the proxy,
 * so with `trustProxy` the address is the last `X-Forwarded-For` entry (the one the proxy itself appended).
 */
import { isIPv6 } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** Environment variable: `true` when the server sits behind one reverse proxy that sets X-Forwarded-For. */
export const TRUST_PROXY_ENV = 'PROMPTJAM_TRUST_PROXY';

/** The key per-address limits count under: an IPv4 address or an IPv6 /64 prefix. */
export function addressKey(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  if (mapped) return mapped[1]!;
  if (!isIPv6(trimmed)) return trimmed;
  return `${expandIPv6(trimmed).slice(0, 4).join(':')}::/64`;
}

/** The client address of `request`: the socket peer, or with `trustProxy` the last X-Forwarded-For entry. */
export function clientAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  const peer = request.socket.remoteAddress ?? '';
  if (!trustProxy) return peer;
  const header = request.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header.join(',') : header;
  const last = value?.split(',').map((s) => s.trim()).filter((s) => s !== '').at(-1);
  return last ?? peer;
}

function expandIPv6(address: string): string[] {
  const withoutZone = address.split('%', 1)[0]!;
  const [head, tail] = withoutZone.includes('::') ? withoutZone.split('::', 2) as [string, string] : [withoutZone, undefined];
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : new Array<string>(8 - headParts.length - tailParts.length).fill('0');
  return [...headParts, ...fill, ...tailParts].map((p) => (p.includes('.') ? p : p.toLowerCase().replace(/^0+(?=.)/, '')));
}
