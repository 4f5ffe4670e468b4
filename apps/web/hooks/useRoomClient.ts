'use client';

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { INITIAL_SNAPSHOT, RoomClient, type RoomRole, type RoomSnapshot } from '@/lib/RoomClient';
import type { Person } from '@/lib/presence';
import { resolveServerUrl } from '@/lib/serverUrl';
import { readPageToken } from '@/lib/shareLinks';

const NO_PEOPLE: readonly Person[] = Object.freeze([]);
const noSubscription = (): (() => void) => () => undefined;

/** The room's client (null during server rendering and the first paint) and a way to start over. */
export interface RoomConnection {
  client: RoomClient | null;
  /**
   * Replaces the client with a fresh one (a fresh document, loaded from the room): the way back after a final
   * close, whose local changes would only be refused again.
   */
  rejoin: () => void;
}

/**
 * Opens a {@link RoomClient} for this room once the page runs in the browser (the default server URL
 * depends on `window.location`) and closes it on unmount or on {@link RoomConnection.rejoin}.
 */
export function useRoomClient(
  configuredServerUrl: string | null,
  serverPort: number,
  roomId: string,
  role: RoomRole,
  { watchPresence = false }: { watchPresence?: boolean } = {},
): RoomConnection {
  const [client, setClient] = useState<RoomClient | null>(null);
  const [generation, setGeneration] = useState(0);
  const rejoin = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    const serverUrl = resolveServerUrl(configuredServerUrl, window.location, serverPort);
    const token = readPageToken(window.location.search);
    const next = new RoomClient({ serverUrl, roomId, role, token, watchPresence });
    setClient(next);
    return () => {
      next.destroy();
      setClient(null);
    };
    // `generation` is a dependency only so that a rejoin re-runs this effect.
  }, [configuredServerUrl, serverPort, roomId, role, watchPresence, generation]);
  return { client, rejoin };
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
