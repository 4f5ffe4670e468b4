import { DEFAULT_PARAMS, MAX_SEED } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomSeed, readRoomParams, SEED_LOCK_KEY, writeParam, writeSeedLock, writeSize } from './roomParams';

function paramsMap(): Y.Map<unknown> {
  return new Y.Doc().getMap('params');
}

describe('room params', () => {
  it('reads defaults from an empty map', () => {
    expect(readRoomParams(paramsMap())).toEqual({ params: DEFAULT_PARAMS, seedLocked: false });
  });

  it('normalises what other clients wrote', () => {
    const map = paramsMap();
    map.set('steps', 99);
    map.set('width', 'wide');
    map.set('seed', -5);
    map.set(SEED_LOCK_KEY, 'yes');
    expect(readRoomParams(map)).toEqual({ params: { ...DEFAULT_PARAMS, steps: 4, seed: 0 }, seedLocked: false });
  });

  it('writes clamped values and skips no-op writes', () => {
    const map = paramsMap();
    let updates = 0;
    map.doc?.on('update', () => updates++);
    writeParam(map, 'steps', 7);
    expect(map.get('steps')).toBe(4);
    writeParam(map, 'steps', 4);
    expect(updates).toBe(1);
  });

  it('writes a size preset in one update', () => {
    const map = paramsMap();
    let updates = 0;
    map.doc?.on('update', () => updates++);
    writeSize(map, 768, 512);
    expect(readRoomParams(map).params).toMatchObject({ width: 768, height: 512 });
    expect(updates).toBe(1);
  });

  it('locks and unlocks the seed', () => {
    const map = paramsMap();
    writeSeedLock(map, true);
    expect(readRoomParams(map).seedLocked).toBe(true);
    writeSeedLock(map, false);
    expect(readRoomParams(map).seedLocked).toBe(false);
  });

  it('re-rolls to a different seed in range', () => {
    const values = [0.5, 0.5, 0.25];
    const seed = randomSeed(() => values.shift() ?? 0, Math.floor(0.5 * (MAX_SEED + 1)));
    expect(seed).toBe(Math.floor(0.25 * (MAX_SEED + 1)));
    expect(randomSeed(() => 0.999_999_999_9)).toBeLessThanOrEqual(MAX_SEED);
  });
});
