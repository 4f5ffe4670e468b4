/**
 * Which web pages may open a socket: the `Origin` allow-list checked on every upgrade.
 *
 * Browsers always send `Origin` on a WebSocket handshake and page scripts cannot forge it, so the check stops
 * a page on another site from joining rooms through a visitor's browser. Non-browser clients (the CLI, a
 * Node y-websocket client, curl) send no `Origin` and could send any value they like, so a missing header is
 * accepted by default: refusing it would add no protection. `null` (sandboxed frames, file:// pages) is refused.
 *
 * Default: the web app's development origins, plus any origin on the same host name as the server (the quick
 * start serves the web app on :3000 and the server on :8787 of one machine, reached from phones by LAN address).
 */
import { ConfigError } from '../config/optionParsers.js';

/** Environment variable with the allowed origins, comma-separated; `*` allows every origin. */
export const ALLOWED_ORIGINS_ENV = 'PROMPTJAM_ALLOWED_ORIGINS';
/** Environment variable switching the same-host rule (`true`/`false`). */
export const ALLOW_SAME_HOST_ORIGIN_ENV = 'PROMPTJAM_ALLOW_SAME_HOST_ORIGIN';
/** Environment variable switching acceptance of requests without an `Origin` header (`true`/`false`). */
export const ALLOW_MISSING_ORIGIN_ENV = 'PROMPTJAM_ALLOW_MISSING_ORIGIN';

/** The web app's origins in development (`pnpm dev` serves it on port 3000). */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000'];

/** The origin rules. */
export interface OriginPolicy {
  /** Normalised origins (`scheme://host[:port]`), or `*` for any. */
  allowedOrigins: readonly string[];
  /** Accept an origin whose host name equals the host name in the request's `Host` header. */
  allowSameHost: boolean;
  /** Accept requests that carry no `Origin` header (non-browser clients). */
  allowMissingOrigin: boolean;
}

export const DEFAULT_ORIGIN_POLICY: OriginPolicy = Object.freeze({
  allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
  allowSameHost: true,
  allowMissingOrigin: true,
});

/** The outcome of the origin check. */
export type OriginCheck = { allowed: true; rule: 'listed' | 'any' | 'same-host' | 'no-origin' } | { allowed: false; origin: string };

/** `scheme://host[:port]` in lower case without a default port, or undefined for anything that is not an http(s) origin. */
export function normalizeOrigin(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.origin;
}

/** Checks an upgrade's `Origin` (undefined when absent) against `policy`; `host` is the request's `Host` header. */
export function checkOrigin(policy: OriginPolicy, origin: string | undefined, host: string | undefined): OriginCheck {
  if (origin === undefined || origin === '') {
    return policy.allowMissingOrigin ? { allowed: true, rule: 'no-origin' } : { allowed: false, origin: '' };
  }
  if (policy.allowedOrigins.includes('*')) return { allowed: true, rule: 'any' };
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return { allowed: false, origin };
  if (policy.allowedOrigins.includes(normalized)) return { allowed: true, rule: 'listed' };
  if (policy.allowSameHost && host !== undefined && sameHostName(normalized, host)) return { allowed: true, rule: 'same-host' };
  return { allowed: false, origin };
}

function sameHostName(origin: string, hostHeader: string): boolean {
  try {
    return new URL(origin).hostname === new URL(`http://${hostHeader.trim()}`).hostname;
  } catch {
    return false;
  }
}

/** Reads the policy from the environment (and an optional `--allowed-origins` flag value, which wins). */
export function resolveOriginPolicy(env: Readonly<Record<string, string | undefined>> = {}, allowedOriginsFlag?: string): OriginPolicy {
  const listSource = allowedOriginsFlag !== undefined ? '--allowed-origins' : ALLOWED_ORIGINS_ENV;
  const listRaw = allowedOriginsFlag ?? env[ALLOWED_ORIGINS_ENV];
  let allowedOrigins = DEFAULT_ALLOWED_ORIGINS;
  if (listRaw !== undefined && listRaw.trim() !== '') {
    allowedOrigins = listRaw.split(',').map((entry) => {
      const trimmed = entry.trim();
      if (trimmed === '*') return '*';
      const normalized = normalizeOrigin(trimmed);
      if (normalized === undefined) throw new ConfigError(listSource, 'comma-separated http(s) origins or *', trimmed);
      return normalized;
    });
  }
  return {
    allowedOrigins,
    allowSameHost: readBoolean(env, ALLOW_SAME_HOST_ORIGIN_ENV, DEFAULT_ORIGIN_POLICY.allowSameHost),
    allowMissingOrigin: readBoolean(env, ALLOW_MISSING_ORIGIN_ENV, DEFAULT_ORIGIN_POLICY.allowMissingOrigin),
  };
}

function readBoolean(env: Readonly<Record<string, string | undefined>>, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, 'true or false', raw);
}
