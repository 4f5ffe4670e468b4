/**
 * A host acting on one person (`POST /rooms/<id>/controls` with `remove`, `promote` or `demote`), under the
 * room's hierarchy (docs/SECURITY.md, host links): the owner may act on anyone; a co-host may remove and promote
 * guests and other co-hosts, never the owner; only the owner demotes (revokes one co-host's link). Refusals are
 * answers, not exceptions: 403 for what the asking host may not do, 404 for nobody with that presence, 409 for
 * an action that makes no sense for that person.
 */
import { MAX_REVOKED_HOST_LINKS, REVOKED_HOST_LINKS_KEY } from '@promptjam/protocol';
import type { TokenKeyring } from './capabilityToken.js';
import { recordHostAction } from './hostLog.js';
import { findPerson, grantHost, removePerson, type FoundPerson, type ModeratedRoom } from './hostModeration.js';
import { hostStandingOf, type HostRank } from './hostRank.js';
import type { RemovalBans } from './RemovalBans.js';

/** What a person action needs besides the room. */
export interface PersonActionDeps {
  keyring: TokenKeyring;
  bans: RemovalBans;
  nowSeconds: number;
  /** Lifetime of a granted co-host link, in seconds. */
  hostTokenTtlSeconds: number;
}

/** One person action, as `hostRequest.ts` read it. */
export interface PersonAction {
  action: 'remove' | 'promote' | 'demote';
  clientId: number;
}

/** A JSON answer. */
export interface PersonActionAnswer {
  status: number;
  body: unknown;
}

/** Applies `change` by a host of rank `actor` (display name `by`) to the person it names. */
export function actOnPerson(deps: PersonActionDeps, roomId: string, room: ModeratedRoom, change: PersonAction, actor: Exclude<HostRank, 'none'>, by: string): PersonActionAnswer {
  const person = findPerson(room, change.clientId);
  if (person === undefined) return { status: 404, body: { error: `nobody in the room shows presence ${change.clientId}` } };
  const at = deps.nowSeconds * 1000;
  const { doc } = room;
  switch (change.action) {
    case 'remove': {
      if (person.rank === 'owner' && actor !== 'owner') return { status: 403, body: { error: "a co-host cannot remove the room's owner" } };
      // The owner removing a co-host also takes their link away: with it they would be back from another browser.
      // Past the record's bound nothing is revoked (dropping an older revocation would restore that link).
      const revoked = revokedAfter(doc, actor === 'owner' ? person.hostLinkIds : []);
      const revoke = revoked.length <= MAX_REVOKED_HOST_LINKS && actor === 'owner' ? person.hostLinkIds : [];
      const banSeconds = removePerson(deps.bans, roomId, person, by);
      recordHostAction(doc, { by, action: 'remove', target: person.name, at }, (controls) => {
        if (revoke.length > 0) controls.set(REVOKED_HOST_LINKS_KEY, revoked);
      });
      return { status: 200, body: { room: roomId, removed: person.name, sockets: person.connections.length, banSeconds, revokedHostLinks: revoke.length } };
    }
    case 'promote':
      if (person.rank === 'owner') return { status: 409, body: { error: `${person.name} is the room's owner` } };
      grantHost(deps.keyring, roomId, person, Math.max(deps.nowSeconds, hostStandingOf(doc).hostSince), deps.hostTokenTtlSeconds);
      recordHostAction(doc, { by, action: 'promote', target: person.name, at });
      return { status: 200, body: { room: roomId, promoted: person.name } };
    case 'demote':
      return demote(doc, roomId, person, actor, by, at);
  }
}

function demote(doc: ModeratedRoom['doc'], roomId: string, person: FoundPerson, actor: Exclude<HostRank, 'none'>, by: string, at: number): PersonActionAnswer {
  if (actor !== 'owner') return { status: 403, body: { error: "only the room's owner may demote a co-host" } };
  if (person.rank === 'owner') return { status: 403, body: { error: "the room's owner cannot be demoted" } };
  if (person.rank === 'none') return { status: 409, body: { error: `${person.name} is not a co-host` } };
  if (person.hostLinkIds.length === 0) {
    return { status: 409, body: { error: `${person.name}'s host link was issued before links had ids: revoke every other host link instead` } };
  }
  const revoked = revokedAfter(doc, person.hostLinkIds);
  if (revoked.length > MAX_REVOKED_HOST_LINKS) {
    return { status: 409, body: { error: `this room has revoked ${MAX_REVOKED_HOST_LINKS} co-host links: revoke every other host link instead` } };
  }
  recordHostAction(doc, { by, action: 'demote', target: person.name, at }, (controls) => controls.set(REVOKED_HOST_LINKS_KEY, revoked));
  return { status: 200, body: { room: roomId, demoted: person.name } };
}

/** The room's revoked co-host link ids with `ids` added (each once, oldest first). */
function revokedAfter(doc: ModeratedRoom['doc'], ids: readonly string[]): string[] {
  return [...new Set([...hostStandingOf(doc).revoked, ...ids])];
}
