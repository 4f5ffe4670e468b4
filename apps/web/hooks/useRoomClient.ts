'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { RoomClient, type RoomRole, type RoomSnapshot } from '@/lib/RoomClient';
import type { Person } from '@/lib/presence';
import { resolveServerUrl } from '@/lib/serverUrl';
import { readPageToken } from '@/lib/shareLinks';

const IDLE_SNAPSHOT: RoomSnapshot = Object.freeze({
  connection: 'connecting',
  closeInfo: null,
  render: null,
  frames: [],
  latencyMs: null,
  fps: 0,
  protocolError: null,
});
const NO_PEOPLE: readonly Person[] = Object.freeze([]);
const noSubscription = (): (() => void) => () => undefined;

/**
 * Opens a {@link RoomClient} for this room once the page runs in the browser (the default server URL
 * depends on `window.location`) and closes it on unmount. Null during server rendering and the first paint.
 */
export function useRoomClient(
  configuredServerUrl: string | null,
  serverPort: number,
  roomId: string,
  role: RoomRole,
  { watchPresence = false }: { watchPresence?: boolean } = {},
): RoomClient | null {
  const [client, setClient] = useState<RoomClient | null>(null);
  useEffect(() => {
    const serverUrl = resolveServerUrl(configuredServerUrl, window.location, serverPort);
    const token = readPageToken(window.location.search);
    const next = new RoomClient({ serverUrl, roomId, role, token, watchPresence });
    setClient(next);
    return () => {
      next.destroy();
      setClient(null);
    };
  }, [configuredServerUrl, serverPort, roomId, role, watchPresence]);
  return client;
}

/** The room's connection, render status and frames, re-rendering on every change. */
export function useRoomSnapshot(client: RoomClient | null): RoomSnapshot {
  return useSyncExternalStore(
    client?.subscribe ?? noSubscription,
    client?.getSnapshot ?? (() => IDLE_SNAPSHOT),
    () => IDLE_SNAPSHOT,
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
