/**
 * A room's host link as the browser keeps it (docs/SECURITY.md, host links): the token lives in `localStorage`
 * per room, and the host endpoints are called on the room server's HTTP address.
 */

/** The `localStorage` key of a room's host token. */
export function hostTokenKey(roomId: string): string {
  return `promptjam:host:${roomId}`;
}

/** The role a token claims, read from its (unverified) payload: only to decide what to show; the server decides. */
export function tokenRole(token: string): string | null {
  const payload = token.split('.')[0];
  if (payload === undefined) return null;
  try {
    const json: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const role = (json as { role?: unknown } | null)?.role;
    return typeof role === 'string' ? role : null;
  } catch {
    return null;
  }
}

/** The room server's HTTP origin for its WebSocket URL (`ws://h:8787` → `http://h:8787`). */
export function serverHttpUrl(serverWsUrl: string): string {
  return serverWsUrl.replace(/^ws(s?):\/\//i, 'http$1://').replace(/\/+$/, '');
}

/** What a host endpoint answered: the JSON body, or why it failed in words. */
export type HostAnswer<T> = { ok: true; value: T } | { ok: false; error: string };

/** POSTs JSON to a host endpoint of the room server. */
export async function postHost<T>(httpUrl: string, path: string, body: unknown, token: string | null): Promise<HostAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(`${httpUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const json = (await response.json().catch(() => ({}))) as { error?: string };
    if (!response.ok) return { ok: false, error: json.error ?? `the server answered ${response.status}` };
    return { ok: true, value: json as T };
  } catch (error) {
    return { ok: false, error: `the room server cannot be reached (${(error as Error).message})` };
  }
}
