'use client';

import { useCallback, useEffect, useState } from 'react';
import { generatePersonName } from '@/lib/roomName';
import { browserStorage, loadStoredName, saveStoredName } from '@/lib/storedName';

/**
 * This device's display name: the remembered one, or a fresh friendly one (remembered at once, so a
 * reload keeps it). Null until the page runs in the browser. `rename` returns false for an empty name.
 */
export function useDisplayName(): { name: string | null; rename: (raw: string) => boolean } {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    const storage = browserStorage();
    const remembered = loadStoredName(storage) ?? saveStoredName(storage, generatePersonName());
    setName(remembered);
  }, []);
  const rename = useCallback((raw: string): boolean => {
    const saved = saveStoredName(browserStorage(), raw);
    if (saved === null) return false;
    setName(saved);
    return true;
  }, []);
  return { name, rename };
}
