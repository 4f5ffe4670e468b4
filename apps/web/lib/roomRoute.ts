import { isValidRoomId } from '@promptjam/protocol';
import { notFound } from 'next/navigation';

/** The dynamic segment of `/r/[room]` and `/embed/[room]`, as Next.js passes it to pages. */
export type RoomRouteParams = Promise<{ room: string }>;

/**
 * The room id from a room route's URL segment. A malformed escape or an id outside the protocol's
 * pattern answers 404, rather than a page whose socket the server would refuse.
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
