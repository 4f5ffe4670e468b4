/**
 * Storage that never throws. Browsers that block third-party storage (an embed on another site, some private
 * modes, sandboxed iframes) throw on the mere read of `window.localStorage` ("Access is denied for this
 * document") and may throw on any later `getItem`/`setItem` (quota, revoked access). Every use of the browser's
 * storage in the web app goes through {@link safeStorage}, so such a page keeps working for this page load.
 */

/** The part of `Storage` the web app uses. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Wraps the storage `open` returns in one that never throws: each call reaches the real storage when it can and
 * otherwise an in-memory map kept for the wrapper's lifetime (values written there are lost on reload).
 *
 * @param open Gives the real storage; may throw (blocked access) or return null/undefined (no storage, server render).
 */
export function safeStorage(open: () => KeyValueStorage | null | undefined): KeyValueStorage {
  const memory = new Map<string, string>();
  const real = (): KeyValueStorage | null => {
    try {
      return open() ?? null;
    } catch {
      return null;
    }
  };
  return {
    getItem(key) {
      try {
        const storage = real();
        if (storage !== null) return storage.getItem(key);
      } catch {
        // Fall through to the in-memory copy.
      }
      return memory.get(key) ?? null;
    },
    setItem(key, value) {
      memory.set(key, value);
      try {
        real()?.setItem(key, value);
      } catch {
        // Kept in memory only: remembered for this page load, not the next.
      }
    },
    removeItem(key) {
      memory.delete(key);
      try {
        real()?.removeItem(key);
      } catch {
        // Nothing more to forget.
      }
    },
  };
}

let pageStorage: KeyValueStorage | null = null;

/** This page's `window.localStorage` wrapped by {@link safeStorage} (one wrapper per page, so its memory is shared). */
export function browserLocalStorage(): KeyValueStorage {
  pageStorage ??= safeStorage(() => (typeof window === 'undefined' ? null : window.localStorage));
  return pageStorage;
}
