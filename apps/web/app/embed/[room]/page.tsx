import type { Metadata } from 'next';
import { connection } from 'next/server';
import { EmbedView } from '@/components/embed/EmbedView';
import { roomIdFromRoute, type RoomRouteParams } from '@/lib/roomRoute';
import { configuredServerPort, configuredServerUrl } from '@/lib/serverConfig';

type EmbedPageProps = { params: RoomRouteParams };

/** The tab title names the room. */
export async function generateMetadata({ params }: EmbedPageProps): Promise<Metadata> {
  return { title: `${await roomIdFromRoute(params)} (live) · promptjam`, robots: { index: false } };
}

/** `/embed/<room>`: the read-only live viewer, for iframes. */
export default async function EmbedPage({ params }: EmbedPageProps) {
  const roomId = await roomIdFromRoute(params);
  await connection();
  return <EmbedView roomId={roomId} serverUrl={configuredServerUrl()} serverPort={configuredServerPort()} />;
}
