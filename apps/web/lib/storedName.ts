import { browserLocalStorage } from './safeStorage';
import { cleanPersonName } from './presence';

/** The localStorage key holding this device's display name. */
export const NAME_STORAGE_KEY = 'promptjam:name';

/** The part of `Storage` we use; injectable for tests and for browsers that block storage. */
export type NameStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The name remembered on this device, or null when none (or storage is unavailable). */
export function loadStoredName(storage: NameStorage | null): string | null {
  try {
    const name = cleanPersonName(storage?.getItem(NAME_STORAGE_KEY) ?? '');
    return name.length > 0 ? name : null;
  } catch {
    // Private modes and sandboxed iframes may throw on any storage access.
    return null;
  }
}

/** Remembers `name` on this device; returns the cleaned name, or null when it was empty. */
export function saveStoredName(storage: NameStorage | null, raw: string): string | null {
  const name = cleanPersonName(raw);
  if (name.length === 0) return null;
  try {
    storage?.setItem(NAME_STORAGE_KEY, name);
  } catch {
    // A full or blocked storage only means the name is not remembered next time.
  }
  return name;
}

/** This page's `window.localStorage`, safe where the browser blocks it (see `safeStorage`). */
export function browserStorage(): NameStorage {
  return browserLocalStorage();
}
