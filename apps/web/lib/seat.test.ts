import { isValidSeat } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { browserSeat, newSeat, SEAT_STORAGE_KEY } from './seat';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('browser seat', () => {
  it('makes a valid random seat once and keeps it', () => {
    const storage = memoryStorage();
    const seat = browserSeat(storage);
    expect(isValidSeat(seat)).toBe(true);
    expect(seat).toHaveLength(22);
    expect(browserSeat(storage)).toBe(seat);
    expect(newSeat()).not.toBe(seat);
  });

  it('replaces a malformed kept seat, and still gives one where storage throws', () => {
    const storage = memoryStorage();
    storage.setItem(SEAT_STORAGE_KEY, 'short');
    expect(isValidSeat(browserSeat(storage))).toBe(true);
    const blocked = { getItem: () => { throw new Error('blocked'); }, setItem: () => undefined };
    expect(isValidSeat(browserSeat(blocked))).toBe(true);
  });
});
