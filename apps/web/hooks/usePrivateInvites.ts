'use client';

import { useEffect, useState } from 'react';
import { makeRoomPrivate, readRoomInvites, type RoomInvites } from '@/lib/privateInvites';
import { readPageToken } from '@/lib/shareLinks';

/** The query parameter the landing page's "New private room" adds: make the room private on arrival. */
export const PRIVATE_QUERY_PARAM = 'private';

/** The invites, and why making the room private failed (the room is then still open). */
export interface PrivateInvitesState {
  invites: RoomInvites;
  error: string | null;
}

/**
 * The room's invite links for the share panel, once this page's host standing is known (`ready`): on arrival from
 * "New private room" (`?private=1`), the room is made private first (with the host link as the bearer, so a room
 * that is already private mints fresh links) and the parameter is dropped once that is settled; otherwise the
 * room's privacy is looked up and, for a host or editor page of a private room, fresh links are minted.
 */
export function usePrivateInvites(httpUrl: string | null, roomId: string, hostToken: string | null, ready: boolean): PrivateInvitesState {
  const [state, setState] = useState<PrivateInvitesState>({ invites: { kind: 'unknown' }, error: null });
  useEffect(() => {
    if (!ready || httpUrl === null) return;
    let cancelled = false;
    const pageToken = readPageToken(window.location.search);
    const wantsPrivate = new URL(window.location.href).searchParams.get(PRIVATE_QUERY_PARAM) === '1';
    const settle = (): void => {
      const url = new URL(window.location.href);
      url.searchParams.delete(PRIVATE_QUERY_PARAM);
      window.history.replaceState(null, '', url);
    };
    void (async () => {
      if (wantsPrivate) {
        const made = await makeRoomPrivate(httpUrl, roomId, hostToken ?? pageToken);
        if (cancelled) return;
        if ('invites' in made) {
          settle();
          setState({ invites: made.invites, error: null });
          return;
        }
        // Unreachable: `?private=1` stays, so a reload once the server is back still makes the room private.
        if (!made.unreachable) settle();
        setState({ invites: { kind: 'unknown' }, error: `This room could not be made private (${made.error}): it is open to anyone with its link.` });
        return;
      }
      const invites = await readRoomInvites(httpUrl, roomId, hostToken, pageToken);
      if (!cancelled) setState({ invites, error: null });
    })();
    return () => {
      cancelled = true;
    };
  }, [httpUrl, roomId, hostToken, ready]);
  return state;
}
