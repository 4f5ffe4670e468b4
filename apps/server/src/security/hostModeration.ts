/**
 * A host acting on one person in the room, found by the awareness client id their presence shows: removing them
 * (every socket of their browser closes with 4440 and a ban keeps them out, `RemovalBans`) or promoting them to
 * co-host (a host link goes to their sockets only, as a host grant message, never to the host who asked). Who may
 * act on whom (the owner above the co-hosts) is decided by the caller from the person's `rank`.
 */
import { randomBytes } from 'node:crypto';
import { CloseCode, encodeHostGrantMessage } from '@promptjam/protocol';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { TokenKeyring } from './capabilityToken.js';
import { securityOf } from './connectionSecurity.js';
import { logName } from './hostLog.js';
import { higherRank, hostStandingOf, type HostRank } from './hostRank.js';
import type { Participant, RemovalBans } from './RemovalBans.js';

/** One connection of a room, as moderation needs it (the server's `Connection` satisfies it). */
export interface ModeratedConnection {
  readonly context: unknown;
  /** Awareness client ids this connection announced. */
  readonly awarenessClientIds: ReadonlySet<number>;
  readonly outbound: { sendReliable(message: Uint8Array): void };
  close(code: number, reason: string): void;
}

/** A loaded room, as moderation needs it. */
export interface ModeratedRoom {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly connections: ReadonlySet<ModeratedConnection>;
}

/** The person a client id names: their display name, every socket of theirs in the room, and what to ban. */
export interface FoundPerson {
  name: string;
  connections: ModeratedConnection[];
  /**
   * What removing them bans: each socket's address and seat, except a seat that another current host's socket in
   * the room also holds (a host's own second tab, opened to see what guests see, must not lock the host out).
   */
  banKeys: Participant[];
  /** The highest standing among the sockets that announced the presence: the owner, a co-host, or none. */
  rank: HostRank;
  /** Ids of the co-host links those sockets joined with (what demoting them revokes). */
  hostLinkIds: string[];
}

/**
 * The person whose presence has `clientId`, with every other connection of the same browser (same seat) that is
 * not a current host's; undefined when no connection in the room announced that presence.
 */
export function findPerson(room: ModeratedRoom, clientId: number): FoundPerson | undefined {
  const all = [...room.connections];
  const own = all.filter((c) => c.awarenessClientIds.has(clientId));
  if (own.length === 0) return undefined;
  const standing = hostStandingOf(room.doc);
  const rankOf = (c: ModeratedConnection): HostRank => securityOf(c)?.gate.rankIn({ hostStanding: () => standing }) ?? 'none';
  const isHost = (c: ModeratedConnection): boolean => rankOf(c) !== 'none';
  const seatOf = (c: ModeratedConnection): string | undefined => securityOf(c)?.participant.seat;
  const seatsOf = (list: ModeratedConnection[]): Set<string> => new Set(list.map(seatOf).filter((seat): seat is string => seat !== undefined));
  const seats = seatsOf(own);
  // Seats of the room's other hosts: a removed co-host's own seat is banned like anyone's.
  const hostSeats = seatsOf(all.filter((c) => isHost(c) && !own.includes(c)));
  const sameBrowser = all.filter((c) => {
    const seat = seatOf(c);
    return own.includes(c) || (!isHost(c) && seat !== undefined && seats.has(seat));
  });
  const banKeys = sameBrowser.flatMap((c) => {
    const participant = securityOf(c)?.participant;
    if (participant === undefined) return [];
    return [participant.seat !== undefined && hostSeats.has(participant.seat) ? { ...participant, seat: undefined } : participant];
  });
  const state = room.awareness.getStates().get(clientId) as { user?: { name?: unknown } } | undefined;
  const rank = own.map(rankOf).reduce(higherRank, 'none');
  const hostLinkIds = own.filter((c) => rankOf(c) === 'host').flatMap((c) => securityOf(c)?.gate.token?.hid ?? []);
  return { name: logName(state?.user?.name) || 'a guest', connections: sameBrowser, banKeys, rank, hostLinkIds: [...new Set(hostLinkIds)] };
}

/** Bans `person` from `roomId` and closes their sockets with 4440; returns the ban's length in seconds. */
export function removePerson(bans: RemovalBans, roomId: string, person: FoundPerson, by: string): number {
  for (const participant of person.banKeys) bans.ban(roomId, participant);
  const seconds = bans.banSeconds;
  const wait = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  const reason = `${by || 'the host'} removed you; you can rejoin in about ${wait}`;
  for (const connection of person.connections) connection.close(CloseCode.RemovedByHost, reason);
  return bans.banSeconds;
}

/** Signs a co-host link (a fresh link id) for `roomId` and sends it to `person`'s sockets only. */
export function grantHost(keyring: TokenKeyring, roomId: string, person: FoundPerson, issuedAt: number, ttlSeconds: number): void {
  const message = encodeHostGrantMessage({ token: keyring.sign(roomId, 'host', ttlSeconds, issuedAt, { hid: newHostLinkId() }) });
  for (const connection of person.connections) connection.outbound.sendReliable(message);
}

/** A fresh co-host link id: 9 random bytes, 12 base64url characters. */
export function newHostLinkId(): string {
  return randomBytes(9).toString('base64url');
}
