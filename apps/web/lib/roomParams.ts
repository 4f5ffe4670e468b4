import { MAX_SEED, normalizeParams, type GenerationParams } from '@promptjam/protocol';
import type * as Y from 'yjs';

/**
 * Key in `Y.Map('params')` that locks the seed for everyone: while true, the seed field and re-roll are
 * disabled, so a workshop can settle on a composition. The server ignores keys it does not know.
 */
export const SEED_LOCK_KEY = 'seedLocked';

/** The room's parameters as the controls show them. */
export interface RoomParams {
  params: GenerationParams;
  seedLocked: boolean;
}

/** Reads the shared params map through the protocol's normalisation (other clients may write anything). */
export function readRoomParams(map: Y.Map<unknown>): RoomParams {
  const raw = map.toJSON() as Record<string, unknown>;
  return { params: normalizeParams(raw).params, seedLocked: raw[SEED_LOCK_KEY] === true };
}

/**
 * Writes one parameter after normalising it, so this client never publishes an out-of-range value.
 * Writing the value already there is a no-op (no needless regeneration).
 */
export function writeParam<K extends keyof GenerationParams>(map: Y.Map<unknown>, key: K, value: number): void {
  const normalized = normalizeParams({ ...readRoomParams(map).params, [key]: value }).params[key];
  if (map.get(key) !== normalized) map.set(key, normalized);
}

/** Writes width and height together (a size preset) in one transaction, so the server renders once. */
export function writeSize(map: Y.Map<unknown>, width: number, height: number): void {
  const doc = map.doc;
  const apply = (): void => {
    writeParam(map, 'width', width);
    writeParam(map, 'height', height);
  };
  if (doc === null) apply();
  else doc.transact(apply);
}

/** Sets or clears the shared seed lock. */
export function writeSeedLock(map: Y.Map<unknown>, locked: boolean): void {
  if ((map.get(SEED_LOCK_KEY) === true) !== locked) map.set(SEED_LOCK_KEY, locked);
}

/** A uniformly random seed in [0, MAX_SEED]; with `avoid`, never that one (a re-roll must change the image). */
export function randomSeed(random: () => number = Math.random, avoid?: number): number {
  for (;;) {
    const seed = Math.min(MAX_SEED, Math.floor(random() * (MAX_SEED + 1)));
    if (seed !== avoid) return seed;
  }
}
