/**
 * The host hierarchy of a room (docs/SECURITY.md, host links): the person who created the room is its **owner**,
 * the people a host promoted are **co-hosts**. Both run the room; only the owner may revoke host links, demote a
 * co-host, and nobody but the owner may remove the owner.
 *
 * The server, never a client, says who is what: it stamps {@link PRESENCE_ROLE_KEY} into the presence state of
 * every connection whose token the room honours as owner or co-host, and strips it from everyone else's.
 */

/** A standing above a guest's, as presence shows it. */
export type HostRole = 'owner' | 'host';

/** Key of the server-stamped {@link HostRole} in a presence (awareness) state; absent for everyone else. */
export const PRESENCE_ROLE_KEY = 'role';

/**
 * Key of a number in the room's `controls` map: epoch seconds from which owner links are valid. Set when the room
 * is claimed, moved with `hostSince` when the owner revokes every other host link. A room without it was claimed
 * before owners existed: its host links are peers, and the first of them to revoke every other host link becomes
 * the owner.
 */
export const OWNER_SINCE_KEY = 'ownerSince';

/** Key of `string[]` in the `controls` map: ids of co-host links the owner revoked (demoted), until the next rotation. */
export const REVOKED_HOST_LINKS_KEY = 'revokedHosts';

/** Most revoked co-host link ids a room records; past it, the owner revokes every other host link instead. */
export const MAX_REVOKED_HOST_LINKS = 64;

/** A co-host link's id (`hid` in the token): 8 to 32 base64url characters. */
export const HOST_LINK_ID_PATTERN = /^[A-Za-z0-9_-]{8,32}$/;

/** Whether `value` is a {@link HostRole}. */
export function isHostRole(value: unknown): value is HostRole {
  return value === 'owner' || value === 'host';
}

/** The host role a presence state shows (as the server stamped it), or null for a guest. */
export function presenceRole(state: unknown): HostRole | null {
  if (typeof state !== 'object' || state === null) return null;
  const role = (state as Record<string, unknown>)[PRESENCE_ROLE_KEY];
  return isHostRole(role) ? role : null;
}
