import type { Metadata } from 'next';
import { connection } from 'next/server';
import { RoomView } from '@/components/room/RoomView';
import { roomIdFromRoute, type RoomRouteParams } from '@/lib/roomRoute';
import { configuredServerPort, configuredServerUrl } from '@/lib/serverConfig';

type RoomPageProps = { params: RoomRouteParams };

/** The tab title names the room. */
export async function generateMetadata({ params }: RoomPageProps): Promise<Metadata> {
  return { title: `${await roomIdFromRoute(params)} · promptjam` };
}

/** `/r/<room>`: the jam room. */
export default async function RoomPage({ params }: RoomPageProps) {
  const roomId = await roomIdFromRoute(params);
  // Read the server URL per request, so the built app follows PROMPTJAM_SERVER_URL at runtime.
  await connection();
  return <RoomView roomId={roomId} serverUrl={configuredServerUrl()} serverPort={configuredServerPort()} />;
}
