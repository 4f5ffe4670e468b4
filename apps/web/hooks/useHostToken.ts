'use client';

import { useCallback, useEffect, useState } from 'react';
import { claimRetryDelayMs, hostTokenKey, hostTokenToKeep, postHost, serverHttpUrl, tokenRole } from '@/lib/hostLink';
import { browserLocalStorage } from '@/lib/safeStorage';
import { resolveServerUrl } from '@/lib/serverUrl';
import { readPageToken } from '@/lib/shareLinks';

/** The query parameter the landing page's "New room" adds: claim the room's host link on arrival. */
export const CLAIM_QUERY_PARAM = 'claim';

/** This browser's standing as the room's host. */
export interface HostStanding {
  /** The looked-up state is known (connect only then, so a host connects as host the first time). */
  ready: boolean;
  /** The host token kept for this room, or null when this browser is not a host. */
  token: string | null;
  /** The room server's HTTP address, for the host endpoints. */
  httpUrl: string | null;
  /** Why claiming the room failed, if it did. */
  error: string | null;
}

/** The standing plus what can change it. */
export interface HostStandingControl extends HostStanding {
  /** Keeps `token` as this browser's host link for the room (a co-host grant, a rotated link). */
  adopt(token: string): void;
  /** Drops the kept host link (it was revoked). */
  forget(): void;
}

/**
 * Finds this browser's host token for the room: one kept in `localStorage` (in memory where the browser blocks
 * it), or a host link the page was opened with (then kept, unless it is a co-host link and the browser keeps the
 * owner link), or, on arrival from "New room" (`?claim=1`), a new one
 * claimed from the server: retried while the server cannot be reached, and `?claim=1` kept until it is settled.
 */
export function useHostToken(configuredServerUrl: string | null, serverPort: number, roomId: string): HostStandingControl {
  const [standing, setStanding] = useState<HostStanding>({ ready: false, token: null, httpUrl: null, error: null });
  useEffect(() => {
    const httpUrl = serverHttpUrl(resolveServerUrl(configuredServerUrl, window.location, serverPort));
    const key = hostTokenKey(roomId);
    const pageToken = readPageToken(window.location.search);
    if (pageToken !== null && tokenRole(pageToken) === 'host') {
      browserLocalStorage().setItem(key, hostTokenToKeep(browserLocalStorage().getItem(key), pageToken));
    }
    const kept = browserLocalStorage().getItem(key);
    const claim = new URL(window.location.href).searchParams.get(CLAIM_QUERY_PARAM) === '1';
    // `?claim=1` stays in the address until the claim is settled (claimed, or refused by the server), so a
    // reload while the server cannot be reached still claims the room once it can.
    const settleClaim = (): void => {
      const url = new URL(window.location.href);
      url.searchParams.delete(CLAIM_QUERY_PARAM);
      window.history.replaceState(null, '', url);
    };
    if (kept !== null || !claim) {
      if (claim) settleClaim();
      setStanding({ ready: true, token: kept, httpUrl, error: null });
      return;
    }
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const tryClaim = (attempt: number): void => {
      void postHost<{ host: { token: string } }>(httpUrl, `/rooms/${encodeURIComponent(roomId)}/host`, {}, null).then((answer) => {
        if (cancelled) return;
        if (answer.ok) {
          browserLocalStorage().setItem(key, answer.value.host.token);
          settleClaim();
          setStanding({ ready: true, token: answer.value.host.token, httpUrl, error: null });
        } else if (answer.unreachable) {
          setStanding({ ready: true, token: null, httpUrl, error: `${answer.error}; trying again` });
          retry = setTimeout(() => tryClaim(attempt + 1), claimRetryDelayMs(attempt));
        } else {
          settleClaim();
          setStanding({ ready: true, token: null, httpUrl, error: answer.error });
        }
      });
    };
    tryClaim(1);
    return () => {
      cancelled = true;
      clearTimeout(retry);
    };
  }, [configuredServerUrl, serverPort, roomId]);
  const adopt = useCallback(
    (token: string) => {
      browserLocalStorage().setItem(hostTokenKey(roomId), token);
      setStanding((current) => ({ ...current, token, error: null }));
    },
    [roomId],
  );
  const forget = useCallback(() => {
    browserLocalStorage().removeItem(hostTokenKey(roomId));
    setStanding((current) => ({ ...current, token: null }));
  }, [roomId]);
  return { ...standing, adopt, forget };
}
