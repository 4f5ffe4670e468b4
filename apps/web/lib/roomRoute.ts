import { isValidRoomId } from '@promptjam/protocol';
import { notFound } from 'next/navigation';

/** The dynamic segment of `/r/[room]`, `/embed/[room]` and `/show/[room]`, as Next.js passes it to pages. */
export type RoomRouteParams = Promise<{ room: string }>;

/**
 * The room id from a room route's URL segment. `proxy.ts` has already sent malformed paths to the not-found
 * page and other spellings to the canonical URL; should one get here anyway, anything but a canonical id
 * answers 404, so a page never opens a room under a second name.
 */
export async function roomIdFromRoute(params: RoomRouteParams): Promise<string> {
  const { room } = await params;
  let roomId: string;
  try {
    roomId = decodeURIComponent(room);
  } catch {
    notFound();
  }
  if (!isValidRoomId(roomId)) notFound();
  return roomId;
}
