'use client';

import { useEffect, useState } from 'react';
import { fetchTimelapseState, type TimelapseState } from '@/lib/timelapse';

/** How long after a new refined frame the page asks (its thumbnail is made just after the frame is shown), ms. */
const REFRESH_DELAY_MS = 800;
/**
 * Times the page asks again while the history lags behind the newest refined frame. Bounded: a frame that repeats
 * the one before (same input or picture) never enters the history.
 */
const MAX_RETRIES = 5;

/**
 * How many frames the room's timelapse holds, asked shortly after each new refined frame (`refinedSeq`) and again
 * while the history has not caught up with it, so the download button turns on with the jam's first finished frame.
 */
export function useTimelapse(httpUrl: string | null, roomId: string, token: string | null, refinedSeq: number): TimelapseState {
  const [state, setState] = useState<TimelapseState>({ state: 'loading' });
  useEffect(() => {
    if (httpUrl === null) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (attempt: number): void => {
      void fetchTimelapseState(httpUrl, roomId, token, controller.signal).then((next) => {
        if (controller.signal.aborted) return;
        setState(next);
        if (next.state === 'ready' && next.newestSeq < refinedSeq && attempt < MAX_RETRIES) timer = setTimeout(() => ask(attempt + 1), REFRESH_DELAY_MS);
      });
    };
    timer = setTimeout(() => ask(0), refinedSeq === 0 ? 0 : REFRESH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [httpUrl, roomId, token, refinedSeq]);
  return state;
}
