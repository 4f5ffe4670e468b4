import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ShowView } from '@/components/show/ShowView';
import { roomIdFromRoute, type RoomRouteParams } from '@/lib/roomRoute';
import { configuredServerPort, configuredServerUrl } from '@/lib/serverConfig';

type ShowPageProps = { params: RoomRouteParams };

/** The tab title names the room. */
export async function generateMetadata({ params }: ShowPageProps): Promise<Metadata> {
  return { title: `${await roomIdFromRoute(params)} (projector) · promptjam`, robots: { index: false } };
}

/** `/show/<room>`: the projector view, read-only like the embed. */
export default async function ShowPage({ params }: ShowPageProps) {
  const roomId = await roomIdFromRoute(params);
  await connection();
  return <ShowView roomId={roomId} serverUrl={configuredServerUrl()} serverPort={configuredServerPort()} />;
}
