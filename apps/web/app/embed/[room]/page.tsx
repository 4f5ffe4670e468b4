import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { isValidRoomId } from '@promptjam/protocol';
import { EmbedView } from '@/components/embed/EmbedView';
import { configuredServerUrl } from '@/lib/serverConfig';

type EmbedPageProps = { params: Promise<{ room: string }> };

export async function generateMetadata({ params }: EmbedPageProps): Promise<Metadata> {
  const { room } = await params;
  return { title: `${decodeURIComponent(room)} (live) · promptjam`, robots: { index: false } };
}

/** `/embed/<room>`: the read-only live viewer, for iframes. */
export default async function EmbedPage({ params }: EmbedPageProps) {
  const { room } = await params;
  const roomId = decodeURIComponent(room);
  if (!isValidRoomId(roomId)) notFound();
  await connection();
  return <EmbedView roomId={roomId} serverUrl={configuredServerUrl()} />;
}
