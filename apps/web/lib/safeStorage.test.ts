import { describe, expect, it } from 'vitest';
import { safeStorage, type KeyValueStorage } from './safeStorage';

function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

const accessDenied = (): never => {
  throw new DOMException("Failed to read the 'localStorage' property from 'Window': Access is denied", 'SecurityError');
};

describe('safe storage', () => {
  it('reads and writes the real storage when it is reachable', () => {
    const real = memoryStorage();
    const storage = safeStorage(() => real);
    storage.setItem('k', 'v');
    expect(real.getItem('k')).toBe('v');
    real.setItem('other', 'x');
    expect(storage.getItem('other')).toBe('x');
    storage.removeItem('k');
    expect(real.getItem('k')).toBeNull();
  });

  it('keeps values in memory where reading window.localStorage itself throws', () => {
    const storage = safeStorage(accessDenied);
    expect(storage.getItem('k')).toBeNull();
    storage.setItem('k', 'v');
    expect(storage.getItem('k')).toBe('v');
    storage.removeItem('k');
    expect(storage.getItem('k')).toBeNull();
  });

  it('falls back to memory where each call on the storage throws (quota, revoked access)', () => {
    const throwing: KeyValueStorage = { getItem: accessDenied, setItem: accessDenied, removeItem: accessDenied };
    const storage = safeStorage(() => throwing);
    expect(() => storage.setItem('k', 'v')).not.toThrow();
    expect(storage.getItem('k')).toBe('v');
    expect(() => storage.removeItem('k')).not.toThrow();
    expect(storage.getItem('k')).toBeNull();
  });

  it('works without any storage (server rendering)', () => {
    const storage = safeStorage(() => null);
    storage.setItem('k', 'v');
    expect(storage.getItem('k')).toBe('v');
  });
});
