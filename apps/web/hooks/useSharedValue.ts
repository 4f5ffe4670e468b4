'use client';

import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { readRoomParams, type RoomParams } from '@/lib/roomParams';
import { DEFAULT_PARAMS, readRoomControls, type RoomControls } from '@promptjam/protocol';

const EMPTY_PARAMS: RoomParams = Object.freeze({ params: DEFAULT_PARAMS, seedLocked: false });
const NO_CONTROLS: RoomControls = readRoomControls({});

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
  return useMapValue(map, readRoomParams, EMPTY_PARAMS);
}

/** The room's host controls (locks and who set them), re-rendering when the server changes them. */
export function useRoomControls(map: Y.Map<unknown> | null): RoomControls {
  return useMapValue(map, readControlsMap, NO_CONTROLS);
}

function readControlsMap(map: Y.Map<unknown>): RoomControls {
  return readRoomControls(map.toJSON());
}

/** A value read from a shared `Y.Map` with `read`, re-read and re-rendered on every change; `empty` without a map. */
function useMapValue<T>(map: Y.Map<unknown> | null, read: (map: Y.Map<unknown>) => T, empty: T): T {
  // Y.Map has no version number; cache the parsed value and replace it only on change,
  // so getSnapshot stays stable between renders as useSyncExternalStore requires.
  const cache = useRef<{ map: Y.Map<unknown> | null; value: T }>({ map: null, value: empty });
  const subscribe = useCallback(
    (listener: () => void) => {
      if (map === null) return () => undefined;
      const onChange = (): void => {
        cache.current = { map, value: read(map) };
        listener();
      };
      map.observe(onChange);
      return () => map.unobserve(onChange);
    },
    [map, read],
  );
  const getSnapshot = (): T => {
    if (map === null) return empty;
    if (cache.current.map !== map) cache.current = { map, value: read(map) };
    return cache.current.value;
  };
  return useSyncExternalStore(subscribe, getSnapshot, () => empty);
}
