/**
 * This browser's seat (protocol `seat.ts`): a random id kept in `localStorage` and sent when it joins a room, so a
 * host's removal can key on this browser and people on the same network who were already in the room keep
 * rejoining (docs/SECURITY.md, removing a participant). Never shown to anyone.
 */
import { isValidSeat } from '@promptjam/protocol';

/** The localStorage key holding the seat. */
export const SEAT_STORAGE_KEY = 'promptjam:seat';

/** The part of `Storage` we use; injectable for tests and for browsers that block storage. */
export type SeatStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** 128 random bits as base64url (22 characters). */
export function newSeat(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The seat kept in `storage`, made and kept on first use. Where storage is blocked, a fresh seat per page load
 * (the server then counts the page as new to the room, which only matters during a removal's ban).
 */
export function browserSeat(storage: SeatStorage | null): string {
  try {
    const kept = storage?.getItem(SEAT_STORAGE_KEY);
    if (isValidSeat(kept)) return kept;
    const seat = newSeat();
    storage?.setItem(SEAT_STORAGE_KEY, seat);
    return seat;
  } catch {
    return newSeat();
  }
}
