'use client';

import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { readRoomParams, type RoomParams } from '@/lib/roomParams';
import { DEFAULT_PARAMS } from '@promptjam/protocol';

const EMPTY_PARAMS: RoomParams = Object.freeze({ params: DEFAULT_PARAMS, seedLocked: false });

/** The text of a shared `Y.Text`, re-rendering when anyone changes it. Empty while there is no text. */
export function useYText(text: Y.Text | null): string {
  const subscribe = useCallback(
    (listener: () => void) => {
      if (text === null) return () => undefined;
      text.observe(listener);
      return () => text.unobserve(listener);
    },
    [text],
  );
  return useSyncExternalStore(subscribe, () => text?.toString() ?? '', () => '');
}

/** The room's shared parameters (normalised), re-rendering when anyone changes them. */
export function useRoomParams(map: Y.Map<unknown> | null): RoomParams {
  // Y.Map has no version number; cache the parsed value and replace it only on change,
  // so getSnapshot stays stable between renders as useSyncExternalStore requires.
  const cache = useRef<{ map: Y.Map<unknown> | null; value: RoomParams }>({ map: null, value: EMPTY_PARAMS });
  const subscribe = useCallback(
    (listener: () => void) => {
      if (map === null) return () => undefined;
      const onChange = (): void => {
        cache.current = { map, value: readRoomParams(map) };
        listener();
      };
      map.observe(onChange);
      return () => map.unobserve(onChange);
    },
    [map],
  );
  const getSnapshot = (): RoomParams => {
    if (map === null) return EMPTY_PARAMS;
    if (cache.current.map !== map) cache.current = { map, value: readRoomParams(map) };
    return cache.current.value;
  };
  return useSyncExternalStore(subscribe, getSnapshot, () => EMPTY_PARAMS);
}
