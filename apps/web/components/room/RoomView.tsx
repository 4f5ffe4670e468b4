'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { useDisplayName } from '@/hooks/useDisplayName';
import { usePeople, useRoomClient, useRoomSnapshot } from '@/hooks/useRoomClient';
import { useRoomParams } from '@/hooks/useSharedValue';
import { ConnectionNotice } from './ConnectionNotice';
import { HistoryStrip } from './HistoryStrip';
import { LiveImage } from './LiveImage';
import { ParamsPanel } from './ParamsPanel';
import { PresenceList } from './PresenceList';
import { PromptEditor } from './PromptEditor';
import { SharePanel } from './SharePanel';
import { StatusBar } from './StatusBar';

/** Props of {@link RoomView}. */
export interface RoomViewProps {
  roomId: string;
  /** The configured room server URL (PROMPTJAM_SERVER_URL), or null for the page host's port 8787. */
  serverUrl: string | null;
  /** The room server's port, for the default URL on the page's own host. */
  serverPort: number;
}

/**
 * The jam room: the live image with its status line and history on one side, the shared prompt,
 * parameters, people and invite panel on the other (stacked on a phone, image first).
 */
export function RoomView({ roomId, serverUrl, serverPort }: RoomViewProps) {
  const { client, rejoin } = useRoomClient(serverUrl, serverPort, roomId, 'editor');
  const snapshot = useRoomSnapshot(client);
  const people = usePeople(client);
  const { name, rename } = useDisplayName();
  const { params } = useRoomParams(client?.params ?? null);

  useEffect(() => {
    if (client !== null && name !== null) client.setName(name);
  }, [client, name]);

  const latest = snapshot.frames[snapshot.frames.length - 1] ?? null;
  const busy = snapshot.render?.state === 'generating' || snapshot.render?.state === 'queued';
  const emptyText = snapshot.connection === 'connected' ? 'Type a prompt to paint the first frame' : 'Connecting to the room server…';

  return (
    <div className="room">
      <header className="topbar">
        <Link href="/" className="brand">
          prompt<span>jam</span>
        </Link>
        <h1 className="room-name">
          <span className="sr-only">Room </span>
          {roomId}
        </h1>
      </header>
      <main className="room-grid">
        <div className="stage">
          <LiveImage frame={latest} width={params.width} height={params.height} busy={busy} emptyText={emptyText} />
          <StatusBar snapshot={snapshot} frameModel={latest === null ? null : latest.metadata} />
          {client !== null && <HistoryStrip frames={snapshot.frames} store={client.frames} />}
        </div>
        <div className="controls">
          <ConnectionNotice snapshot={snapshot} onRetryNow={() => client?.retryNow()} onRejoin={rejoin} />
          {client !== null ? (
            <PromptEditor text={client.prompt} awareness={client.provider.awareness} />
          ) : (
            <section className="panel prompt-panel" aria-busy="true">
              <div className="panel-head">
                <h2 className="panel-title">Prompt</h2>
              </div>
              <div className="prompt-editor" />
            </section>
          )}
          {client !== null && <ParamsPanel map={client.params} />}
          <PresenceList people={people} ownName={name} onRename={rename} />
          <SharePanel roomId={roomId} />
        </div>
      </main>
    </div>
  );
}
