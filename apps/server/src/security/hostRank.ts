/**
 * Who runs a room, read from its `controls` map (docs/SECURITY.md, host links): a host token counts while it is
 * not older than `hostSince` and its co-host link id was not revoked; one with the `owner` claim is the owner's
 * while it is not older than `ownerSince`. A room without `ownerSince` was claimed before owners existed: its host
 * links are peers (`host`), and the first of them to revoke every other host link becomes the owner.
 */
import { CONTROLS_MAP_NAME, HOST_SINCE_KEY, OWNER_SINCE_KEY, REVOKED_HOST_LINKS_KEY, type HostRole } from '@promptjam/protocol';
import type * as Y from 'yjs';
import type { Role, TokenPayload } from './capabilityToken.js';

/** A connection's or a request's standing in a room: a {@link HostRole}, or `none` (an editor, viewer or guest). */
export type HostRank = HostRole | 'none';

/** The host records of a room. */
export interface HostStanding {
  /** Epoch seconds from which host links count; 0 for a room without a host. */
  hostSince: number;
  /** Epoch seconds from which owner links count; 0 for a room claimed before owners existed. */
  ownerSince: number;
  /** Co-host link ids the owner revoked. */
  revoked: ReadonlySet<string>;
}

/** What of a token decides its rank. */
export type RankedToken = Pick<TokenPayload, 'iat' | 'owner' | 'hid'> & { role: Role };

/** A room without any host record. */
export const NO_HOST_STANDING: HostStanding = { hostSince: 0, ownerSince: 0, revoked: new Set() };

/** The host records kept in `doc`'s controls map (absent or malformed values read as 0 / none). */
export function hostStandingOf(doc: Y.Doc): HostStanding {
  if (!doc.share.has(CONTROLS_MAP_NAME)) return NO_HOST_STANDING;
  const controls = doc.getMap(CONTROLS_MAP_NAME);
  const seconds = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  const revoked = controls.get(REVOKED_HOST_LINKS_KEY);
  return {
    hostSince: seconds(controls.get(HOST_SINCE_KEY)),
    ownerSince: seconds(controls.get(OWNER_SINCE_KEY)),
    revoked: new Set(Array.isArray(revoked) ? revoked.filter((id): id is string => typeof id === 'string') : []),
  };
}

/** The rank `token` holds in a room with `standing`; `none` without a token. */
export function rankOf(token: RankedToken | undefined, standing: HostStanding): HostRank {
  if (token === undefined || token.role !== 'host' || token.iat < standing.hostSince) return 'none';
  if (token.hid !== undefined && standing.revoked.has(token.hid)) return 'none';
  if (token.owner === true && standing.ownerSince > 0 && token.iat >= standing.ownerSince) return 'owner';
  return 'host';
}

/** Ordering of ranks, to pick the highest of a person's connections. */
const RANK_ORDER: Readonly<Record<HostRank, number>> = { none: 0, host: 1, owner: 2 };

/** The higher of two ranks. */
export function higherRank(a: HostRank, b: HostRank): HostRank {
  return RANK_ORDER[a] >= RANK_ORDER[b] ? a : b;
}
