'use client';

import { useRoomClient, useRoomSnapshot } from '@/hooks/useRoomClient';
import { useRoomParams, useYText } from '@/hooks/useSharedValue';
import { LiveImage } from '@/components/room/LiveImage';
import { emptyPicture } from '@/lib/emptyPicture';
import { isOffline } from '@/lib/RoomClient';

/** Props of {@link EmbedView}. */
export interface EmbedViewProps {
  roomId: string;
  serverUrl: string | null;
  /** The room server's port, for the default URL on the page's own host. */
  serverPort: number;
}

/**
 * The read-only viewer for iframes: the live image and the prompt it was made from, nothing else.
 * It binds no editor and never writes to the document; it publishes no presence either, so it does
 * not show up in the room's list of people.
 */
export function EmbedView({ roomId, serverUrl, serverPort }: EmbedViewProps) {
  const client = useRoomClient(serverUrl, serverPort, roomId, 'viewer');
  const snapshot = useRoomSnapshot(client);
  const { params } = useRoomParams(client?.params ?? null);
  const livePrompt = useYText(client?.prompt ?? null);
  const latest = snapshot.frames[snapshot.frames.length - 1] ?? null;
  const caption = latest?.metadata.prompt ?? livePrompt;
  const offline = isOffline(snapshot.connection);

  return (
    <main className="embed">
      <LiveImage
        frame={latest}
        width={params.width}
        height={params.height}
        busy={snapshot.render?.state === 'generating'}
        empty={emptyPicture(snapshot.connection, 'Waiting for the first frame…')}
      />
      <div className="embed-caption">
        <span className="embed-prompt" data-testid="embed-caption">
          {caption || 'promptjam'}
        </span>
        <span className="embed-meta">
          {offline && <span className="pill connection-reconnecting">reconnecting</span>}
          {latest?.metadata.demo === true && <span className="badge demo">demo model</span>}
          <a href={`/r/${encodeURIComponent(roomId)}`} target="_blank" rel="noreferrer" className="embed-brand">
            promptjam ↗
          </a>
        </span>
      </div>
    </main>
  );
}
