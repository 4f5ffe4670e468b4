import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { isValidRoomId } from '@promptjam/protocol';
import { RoomView } from '@/components/room/RoomView';
import { configuredServerUrl } from '@/lib/serverConfig';

type RoomPageProps = { params: Promise<{ room: string }> };

export async function generateMetadata({ params }: RoomPageProps): Promise<Metadata> {
  const { room } = await params;
  return { title: `${decodeURIComponent(room)} · promptjam` };
}

/** `/r/<room>`: the jam room. An invalid room name is a 404 rather than a socket the server refuses. */
export default async function RoomPage({ params }: RoomPageProps) {
  const { room } = await params;
  const roomId = decodeURIComponent(room);
  if (!isValidRoomId(roomId)) notFound();
  // Read the server URL per request, so the built app follows PROMPTJAM_SERVER_URL at runtime.
  await connection();
  return <RoomView roomId={roomId} serverUrl={configuredServerUrl()} />;
}
