'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { INITIAL_SNAPSHOT, RoomClient, type RoomRole, type RoomSnapshot } from '@/lib/RoomClient';
import type { Person } from '@/lib/presence';
import { browserLocalStorage } from '@/lib/safeStorage';
import { browserSeat } from '@/lib/seat';
import { resolveServerUrl } from '@/lib/serverUrl';
import { readPageToken } from '@/lib/shareLinks';

const NO_PEOPLE: readonly Person[] = Object.freeze([]);
const noSubscription = (): (() => void) => () => undefined;

/** Options of {@link useRoomClient}. */
export interface RoomClientHookOptions {
  /** Viewers: read other people's presence (see `RoomClientOptions.watchPresence`). */
  watchPresence?: boolean;
  /** A token to connect with instead of the page's `?token=` (the host link kept in the browser). */
  token?: string | null;
  /** Connect only once this is true (e.g. after the host token has been looked up). Default true. */
  enabled?: boolean;
  /** Changing it opens a fresh client with a fresh document (after the server refused an edit with 4410). */
  generation?: number;
}

/**
 * Opens a {@link RoomClient} for this room once the page runs in the browser (the default server URL
 * depends on `window.location`) and closes it on unmount. Null during server rendering and the first paint.
 */
export function useRoomClient(
  configuredServerUrl: string | null,
  serverPort: number,
  roomId: string,
  role: RoomRole,
  options: RoomClientHookOptions = {},
): RoomClient | null {
  const { watchPresence = false, token: givenToken = null, enabled = true, generation = 0 } = options;
  const [client, setClient] = useState<RoomClient | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const serverUrl = resolveServerUrl(configuredServerUrl, window.location, serverPort);
    const token = givenToken ?? readPageToken(window.location.search);
    const next = new RoomClient({ serverUrl, roomId, role, token, watchPresence, seat: browserSeat(browserLocalStorage()) });
    setClient(next);
    return () => {
      next.destroy();
      setClient(null);
    };
  }, [configuredServerUrl, serverPort, roomId, role, watchPresence, givenToken, enabled, generation]);
  return client;
}

/** The room's connection, render status and frames, re-rendering on every change. */
export function useRoomSnapshot(client: RoomClient | null): RoomSnapshot {
  return useSyncExternalStore(
    client?.subscribe ?? noSubscription,
    client?.getSnapshot ?? (() => INITIAL_SNAPSHOT),
    () => INITIAL_SNAPSHOT,
  );
}

/** Everyone in the room, yourself first; re-renders only when names, colours or typing change. */
export function usePeople(client: RoomClient | null): readonly Person[] {
  return useSyncExternalStore(
    client?.subscribePeople ?? noSubscription,
    client?.getPeople ?? (() => NO_PEOPLE),
    () => NO_PEOPLE,
  );
}
