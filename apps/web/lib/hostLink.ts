/**
 * A room's host link as the browser keeps it (docs/SECURITY.md, host links): the token lives in `localStorage`
 * per room, and the host endpoints are called on the room server's HTTP address.
 */
import type { HostRole, RoomControls } from '@promptjam/protocol';

/** The `localStorage` key of a room's host token. */
export function hostTokenKey(roomId: string): string {
  return `promptjam:host:${roomId}`;
}

/** A token's (unverified) payload as JSON, or null: only to decide what to show; the server decides. */
function tokenPayload(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[0];
  if (payload === undefined) return null;
  try {
    const json: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The role a token claims, read from its (unverified) payload. */
export function tokenRole(token: string): string | null {
  const role = tokenPayload(token)?.role;
  return typeof role === 'string' ? role : null;
}

/** The owner and co-host link claims of a host token, read from its (unverified) payload. */
export function tokenHostClaims(token: string): { owner: boolean; hid: string | null } {
  const payload = tokenPayload(token);
  return { owner: payload?.owner === true, hid: typeof payload?.hid === 'string' ? payload.hid : null };
}

/**
 * The role this browser's host token holds in a room with `controls` (the rule of docs/SECURITY.md, host links, as
 * far as the page can tell; the server decides): null when a host revoked it (issued before `hostSince`, or its
 * co-host link id revoked), `owner` for an owner link not older than `ownerSince`, else `host`.
 */
export function hostTokenRole(token: string, controls: Pick<RoomControls, 'hostSince' | 'ownerSince' | 'revokedHosts'>): HostRole | null {
  const issuedAt = tokenIssuedAt(token);
  const { owner, hid } = tokenHostClaims(token);
  if (controls.hostSince > 0 && issuedAt < controls.hostSince) return null;
  if (hid !== null && controls.revokedHosts.has(hid)) return null;
  return owner && controls.ownerSince > 0 && issuedAt >= controls.ownerSince ? 'owner' : 'host';
}

/**
 * Which host token a browser keeps for a room when a page is opened with `offered` (a host link in the address)
 * while it already keeps `kept`: the offered one, except that a co-host link never replaces an owner link (an owner
 * trying the co-host link they made must not hand their ownership away).
 */
export function hostTokenToKeep(kept: string | null, offered: string): string {
  if (kept !== null && tokenHostClaims(kept).owner && !tokenHostClaims(offered).owner) return kept;
  return offered;
}

/**
 * When a token was issued (`iat`, epoch seconds), read from its (unverified) payload; 0 when unreadable. A host
 * token issued before the room's `hostSince` was revoked by a host.
 */
export function tokenIssuedAt(token: string): number {
  const iat = tokenPayload(token)?.iat;
  return typeof iat === 'number' && Number.isFinite(iat) ? iat : 0;
}

/** The room server's HTTP origin for its WebSocket URL (`ws://h:8787` → `http://h:8787`). */
export function serverHttpUrl(serverWsUrl: string): string {
  return serverWsUrl.replace(/^ws(s?):\/\//i, 'http$1://').replace(/\/+$/, '');
}

/**
 * What a host endpoint answered: the JSON body, or why it failed in words. `unreachable` marks a failure with no
 * answer at all (network down, server not up yet): worth trying again, unlike a refusal the server gave.
 */
export type HostAnswer<T> = { ok: true; value: T } | { ok: false; error: string; unreachable: boolean };

/** POSTs JSON to a host endpoint of the room server. */
export async function postHost<T>(httpUrl: string, path: string, body: unknown, token: string | null): Promise<HostAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(`${httpUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await response.json().catch(() => ({}))) as { error?: string };
    if (!response.ok) return { ok: false, error: json.error ?? `the server answered ${response.status}`, unreachable: false };
    return { ok: true, value: json as T };
  } catch (error) {
    return { ok: false, error: `the room server cannot be reached (${(error as Error).message})`, unreachable: true };
  }
}

/** The wait before the `attempt`th retry (1-based) of a claim the server could not be reached for: 1 s doubling to 15 s. */
export function claimRetryDelayMs(attempt: number): number {
  return Math.min(15_000, 1_000 * 2 ** Math.max(0, attempt - 1));
}
