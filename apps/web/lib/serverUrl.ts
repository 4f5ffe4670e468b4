/** The room server's default port: what `promptjam serve` listens on in the quick start. */
export const DEFAULT_SERVER_PORT = 8787;

/** The room server's port variable, shared with `promptjam serve`: the default URL uses it. */
export const SERVER_PORT_ENV = 'PROMPTJAM_PORT';

/** Reads a port number (1–65535) from `raw`; unset or blank gives {@link DEFAULT_SERVER_PORT}. */
export function parseServerPort(raw: string | undefined | null): number {
  const text = raw?.trim() ?? '';
  if (text.length === 0) return DEFAULT_SERVER_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidServerUrlError('a port number from 1 to 65535', text, SERVER_PORT_ENV);
  return port;
}

/** The environment variable that points the web app at a room server (read at runtime on the server side). */
export const SERVER_URL_ENV = 'PROMPTJAM_SERVER_URL';

/** Thrown when a configured server URL is not a ws(s) or http(s) URL. */
export class InvalidServerUrlError extends Error {
  override readonly name = 'InvalidServerUrlError';
  constructor(
    readonly expected: string,
    readonly found: string,
    readonly variable: string = SERVER_URL_ENV,
  ) {
    super(`${variable}: expected ${expected}, found "${found}"`);
  }
}

/**
 * Normalises a configured server URL to its WebSocket origin plus path, without a trailing slash:
 * `http://gpu:8787/` becomes `ws://gpu:8787`, `https://jam.example/api` becomes `wss://jam.example/api`.
 * Returns null for an unset or blank value; throws {@link InvalidServerUrlError} for anything unusable.
 */
export function normalizeServerUrl(raw: string | undefined | null): string | null {
  const text = raw?.trim() ?? '';
  if (text.length === 0) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidServerUrlError('an absolute URL such as ws://host:8787', text);
  }
  const schemes: Record<string, string> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' };
  const scheme = schemes[url.protocol];
  if (scheme === undefined) throw new InvalidServerUrlError('a ws:, wss:, http: or https: URL', text);
  const path = url.pathname.replace(/\/+$/, '');
  return `${scheme}//${url.host}${path}`;
}

/** The parts of `window.location` the default server URL depends on. */
export interface PageLocation {
  protocol: string;
  hostname: string;
}

/**
 * The server URL used when none is configured: the page's own host on the server's port (default
 * {@link DEFAULT_SERVER_PORT}), so a phone that opened `http://192.168.1.20:3000` talks to
 * `ws://192.168.1.20:8787`. A page served over https gets wss, since browsers block ws from secure pages.
 */
export function defaultServerUrl(location: PageLocation, port: number = DEFAULT_SERVER_PORT): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  // Browsers already bracket IPv6 literals in `location.hostname`; bracket a bare one too.
  const bare = location.hostname.includes(':') && !location.hostname.startsWith('[');
  const host = bare ? `[${location.hostname}]` : location.hostname;
  return `${scheme}//${host}:${port}`;
}

/** The configured server URL if there is one, else the default for this page and server port. */
export function resolveServerUrl(configured: string | null, location: PageLocation, port: number = DEFAULT_SERVER_PORT): string {
  return configured ?? defaultServerUrl(location, port);
}
