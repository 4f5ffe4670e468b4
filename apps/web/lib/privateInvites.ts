/**
 * A private room's invite links as the page gets them (docs/SECURITY.md, private rooms): whether the room is
 * private (`GET /rooms/<id>/access`), and, for a page that may mint links (a host link, or a private room's editor
 * link), a fresh editor and viewer link (`POST /rooms/<id>/private` with that token as the bearer; minting does not
 * revoke anything). A page opened with a viewer link can pass on only that link. Framework-free, so it is tested
 * without a browser.
 */
import { postHost, tokenRole } from './hostLink';

/** The invites the share panel shows. Tokens, not links: the panel adds the page's origin. */
export type RoomInvites =
  | { kind: 'unknown' }
  | { kind: 'open' }
  | {
      kind: 'private';
      /** A token that lets its holder edit, or null when this page may not hand one out. */
      editor: string | null;
      /** A read-only token (for the viewer link, the embed snippet and the projector), or null. */
      viewer: string | null;
      /** Why fresh links could not be minted, if they could not. */
      error: string | null;
    };

/** What `POST /rooms/<id>/private` answers (only the tokens are read). */
interface PrivateRoomAnswer {
  editor: { token: string };
  viewer: { token: string };
}

/** The path of a room's private-room endpoint. */
function privatePath(roomId: string): string {
  return `/rooms/${encodeURIComponent(roomId)}/private`;
}

/**
 * Makes the room private (or, if it is already, mints fresh links with `bearer`, which must then be a host or
 * editor token of the room). `unreachable` marks a failure without an answer (worth trying again).
 */
export async function makeRoomPrivate(httpUrl: string, roomId: string, bearer: string | null): Promise<{ invites: RoomInvites } | { error: string; unreachable: boolean }> {
  const answer = await postHost<PrivateRoomAnswer>(httpUrl, privatePath(roomId), {}, bearer);
  if (!answer.ok) return { error: answer.error, unreachable: answer.unreachable };
  return { invites: { kind: 'private', editor: answer.value.editor.token, viewer: answer.value.viewer.token, error: null } };
}

/**
 * The invites this page can give for `roomId`: `open` for an open room; for a private room, fresh links when
 * `hostToken` or an editor `pageToken` may mint them, else the page's own viewer link.
 */
export async function readRoomInvites(httpUrl: string, roomId: string, hostToken: string | null, pageToken: string | null): Promise<RoomInvites> {
  const access = await fetch(`${httpUrl}/rooms/${encodeURIComponent(roomId)}/access`)
    .then(async (response) => (response.ok ? ((await response.json()) as { private?: unknown }) : null))
    .catch(() => null);
  if (access === null) return { kind: 'unknown' };
  if (access.private !== true) return { kind: 'open' };
  const pageRole = pageToken === null ? null : tokenRole(pageToken);
  const minter = hostToken ?? (pageRole === 'editor' || pageRole === 'host' ? pageToken : null);
  const own = { editor: pageRole === 'editor' ? pageToken : null, viewer: pageRole === 'viewer' ? pageToken : null };
  if (minter === null) return { kind: 'private', ...own, error: null };
  const minted = await makeRoomPrivate(httpUrl, roomId, minter);
  return 'invites' in minted ? minted.invites : { kind: 'private', ...own, error: `fresh invite links could not be made: ${minted.error}` };
}
