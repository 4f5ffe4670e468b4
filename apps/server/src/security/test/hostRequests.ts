/**
 * The host endpoints as the host tests call them: JSON POSTs with an optional bearer token, claiming a room, and
 * stock clients that show presence (as the web app's people do), each from its own browser seat.
 */
import { randomBytes } from 'node:crypto';
import { MessageType, readHostGrantBody, SEAT_QUERY_PARAM } from '@promptjam/protocol';
import { expect } from 'vitest';
import type { RunningServer } from '../../server/startServer.js';
import { waitUntil } from '../../test/waitUntil.js';
import type { HostLink } from '../hostRoute.js';
import type { ParamClient } from './securityServer.js';

/** POSTs `body` as JSON to `path` on `server`, with `Authorization: Bearer <token>` when a token is given. */
export function postJson(server: RunningServer, path: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return fetch(`${server.httpUrl}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** Claims a new room's host link (201) and returns its token. */
export async function claimRoom(server: RunningServer, roomId: string): Promise<string> {
  const response = await postJson(server, `/rooms/${roomId}/host`, {});
  expect(response.status).toBe(201);
  return ((await response.json()) as HostLink).host.token;
}

/** A new random browser seat (what the web app keeps in localStorage). */
export function newSeat(): string {
  return randomBytes(16).toString('base64url');
}

/** The query parameters of a browser with `seat` (and a token when given). */
export function seatParams(seat: string, token?: string): Record<string, string> {
  return token === undefined ? { [SEAT_QUERY_PARAM]: seat } : { [SEAT_QUERY_PARAM]: seat, token };
}

/** Publishes `name` as `client`'s presence and waits until the server's room holds it; returns its client id. */
export async function showPresence(server: RunningServer, roomId: string, client: ParamClient, name: string): Promise<number> {
  await waitUntil(() => client.provider.synced, `${name} to sync`);
  client.provider.awareness.setLocalStateField('user', { name, color: '#4dabf7', colorLight: '#4dabf733' });
  const id = client.doc.clientID;
  await waitUntil(() => server.rooms.get(roomId)?.awareness.getStates().has(id) === true, `the server to see ${name}`);
  return id;
}

/** Records every host link `client` is granted (message 110) into the returned list, from now on. */
export function recordHostGrants(client: ParamClient): string[] {
  const granted: string[] = [];
  client.provider.messageHandlers[MessageType.HostGrant] = (_encoder, decoder) => {
    const grant = readHostGrantBody(decoder);
    if (grant.error === undefined) granted.push(grant.value.token);
  };
  return granted;
}
