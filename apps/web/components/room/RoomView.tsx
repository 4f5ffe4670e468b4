'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import { CloseCode, CONTROLS_MAP_NAME } from '@promptjam/protocol';
import { useDisplayName } from '@/hooks/useDisplayName';
import { useHostToken } from '@/hooks/useHostToken';
import { usePrivateInvites } from '@/hooks/usePrivateInvites';
import { usePeople, useRoomClient, useRoomSnapshot } from '@/hooks/useRoomClient';
import { useRoomControls, useRoomParams } from '@/hooks/useSharedValue';
import { usePictureUnderSketch } from '@/hooks/usePictureUnderSketch';
import { useSketchControls } from '@/hooks/useSketchControls';
import { ConnectionNotice } from './ConnectionNotice';
import { HistoryStrip } from './HistoryStrip';
import { emptyPicture } from '@/lib/emptyPicture';
import { hostTokenRole, tokenRole } from '@/lib/hostLink';
import { HostLog } from './HostLog';
import { HostPanel } from './HostPanel';
import { LiveImage } from './LiveImage';
import { ParamsPanel } from './ParamsPanel';
import { PresenceList } from './PresenceList';
import { PromptEditor } from './PromptEditor';
import { SharePanel } from './SharePanel';
import { SketchCanvas } from './SketchCanvas';
import { SketchToolbar } from './SketchToolbar';
import { StatusBar } from './StatusBar';
import { TimelapseDownload } from './TimelapseDownload';
import { readPageToken } from '@/lib/shareLinks';

/** Props of {@link RoomView}. */
export interface RoomViewProps {
  roomId: string;
  /** The configured room server URL (PROMPTJAM_SERVER_URL), or null for the page host's port 8787. */
  serverUrl: string | null;
  /** The room server's port, for the default URL on the page's own host. */
  serverPort: number;
}

/**
 * The jam room: the live image with the shared sketch over it, its status line, sketch tools and history on one
 * side, the shared prompt, parameters, people and invite panel on the other. On a phone it is one column: the
 * prompt first (what a phone user mostly does), the picture right under it, then the sketch tools and the rest,
 * in document order, so what the eye reads and where Tab goes agree on every screen.
 */
export function RoomView({ roomId, serverUrl, serverPort }: RoomViewProps) {
  const host = useHostToken(serverUrl, serverPort, roomId);
  // A new generation opens a fresh client (and document) after the server refused an edit with 4410.
  const [generation, setGeneration] = useState(0);
  const [refusal, setRefusal] = useState<string | null>(null);
  const client = useRoomClient(serverUrl, serverPort, roomId, 'editor', { token: host.token, enabled: host.ready, generation });
  const privacy = usePrivateInvites(host.httpUrl, roomId, host.token, host.ready);
  const snapshot = useRoomSnapshot(client);
  const people = usePeople(client);
  const { name, rename } = useDisplayName();
  const { params } = useRoomParams(client?.params ?? null);
  const controls = useRoomControls(client?.doc.getMap(CONTROLS_MAP_NAME) ?? null);
  // A host link issued before the room's hostSince, or a co-host link the owner revoked: no host any more.
  const ownRole = host.token === null ? null : hostTokenRole(host.token, controls);
  const revoked = host.token !== null && ownRole === null;
  const isHost = ownRole !== null;
  // The server stamps everyone else's role into their presence; this page's own presence is local, so it shows its own.
  const shownPeople = useMemo(() => people.map((person) => (person.isSelf ? { ...person, role: ownRole } : person)), [people, ownRole]);
  const { forget: forgetHostToken, adopt: adoptHostToken } = host;
  useEffect(() => {
    if (revoked) forgetHostToken();
  }, [revoked, forgetHostToken]);
  // A host promoted this person: keep the host link and rejoin with it (a new token opens a new client).
  useEffect(() => client?.subscribeHostGrant(adoptHostToken), [client, adoptHostToken]);
  // A private room's viewer link (its token's role), or a server that closed an edit with 4403: read-only throughout.
  const [viewOnlyLink, setViewOnlyLink] = useState(false);
  useEffect(() => {
    const pageToken = readPageToken(window.location.search);
    if (pageToken !== null && tokenRole(pageToken) === 'viewer') setViewOnlyLink(true);
  }, []);
  const readOnly = (field: 'prompt' | 'params' | 'sketch'): boolean =>
    !isHost && (viewOnlyLink || controls.viewerOnly || controls.locked.has(field));
  const sketch = useSketchControls(client?.sketch ?? null, params.width, params.height, readOnly('sketch'));

  const refusedCode = snapshot.connection === 'closed' ? snapshot.closeInfo?.code : undefined;
  useEffect(() => {
    if (refusedCode === CloseCode.WriteForbidden) {
      // This link may only watch: rejoin read-only (with the server's copy) instead of offering an editable rejoin.
      setViewOnlyLink(true);
      setRefusal('Your last edit was not applied: this link is view-only.');
      setGeneration((g) => g + 1);
      return;
    }
    if (refusedCode !== CloseCode.FieldLocked && refusedCode !== CloseCode.ViewerOnly) return;
    // Our copy of the document holds the edit the server refused: start again from the server's.
    setRefusal(`Your last edit was not applied: ${snapshot.closeInfo?.reason || 'the host locked that field'}.`);
    setGeneration((g) => g + 1);
  }, [refusedCode, snapshot.closeInfo?.reason]);

  useEffect(() => {
    if (client !== null && name !== null) client.setName(name);
  }, [client, name]);

  const latest = snapshot.frames[snapshot.frames.length - 1] ?? null;
  const pictureUnder = usePictureUnderSketch(client?.sketch ?? null, latest, params.width, params.height);
  const refinedSeq = snapshot.frames.reduce((seq, frame) => (frame.metadata.quality === 'refined' ? Math.max(seq, frame.metadata.seq) : seq), 0);
  // The token the room was joined with reads its timelapse too (a private room's link, or the host link).
  const readToken = host.token ?? (typeof window === 'undefined' ? null : readPageToken(window.location.search));
  const busy = snapshot.render?.state === 'generating' || snapshot.render?.state === 'queued';
  const empty = emptyPicture(snapshot.connection, 'Type a prompt to paint the first frame');

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
        <div className="prompt-area">
          <ConnectionNotice snapshot={snapshot} onRetryNow={() => client?.retryNow()} onRejoin={() => setGeneration((g) => g + 1)} />
          {client !== null ? (
            <PromptEditor
              text={client.prompt}
              awareness={client.provider.awareness}
              readOnly={readOnly('prompt')}
              frame={latest === null ? null : latest.metadata}
            />
          ) : (
            <section className="panel prompt-panel" aria-busy="true">
              <div className="panel-head">
                <h2 className="panel-title">Prompt</h2>
              </div>
              <div className="prompt-editor" />
            </section>
          )}
          {(controls.log.length > 0 || controls.viewerOnly || viewOnlyLink || refusal !== null || host.error !== null || privacy.error !== null) && (
            <div className="host-notes">
              <HostLog log={controls.log} />
              {controls.viewerOnly && !isHost && (
                <p className="host-note" data-testid="viewer-only-note">
                  The host has made this room view-only: you can watch and stay in the room, not edit.
                </p>
              )}
              {viewOnlyLink && !isHost && (
                <p className="host-note" data-testid="view-only-link-note">
                  This is a view-only link to a private room: you can watch, not edit.
                </p>
              )}
              {refusal !== null && (
                <p className="host-note refused" role="alert">
                  {refusal}
                </p>
              )}
              {host.error !== null && <p className="host-note refused">This room has no host link for you: {host.error}</p>}
              {privacy.error !== null && (
                <p className="host-note refused" role="alert">
                  {privacy.error}
                </p>
              )}
            </div>
          )}
        </div>
        <div className="stage">
          <LiveImage frame={latest} width={params.width} height={params.height} busy={busy} empty={empty}>
            {client !== null && (
              <SketchCanvas
                layer={client.sketch}
                awareness={client.provider.awareness}
                cursor={client.sketchCursor}
                brush={sketch.brush}
                author={name ?? ''}
                width={params.width}
                height={params.height}
                visible={sketch.visible}
                locked={readOnly('sketch')}
                onDropImage={sketch.startFromImage}
                pictureUnder={pictureUnder}
              />
            )}
          </LiveImage>
          <StatusBar snapshot={snapshot} frameModel={latest === null ? null : latest.metadata} />
          {client !== null && (
            <SketchToolbar
              layer={client.sketch}
              brush={sketch.brush}
              onBrush={sketch.setBrush}
              visible={sketch.visible}
              onVisible={sketch.setVisible}
              onPickImage={sketch.startFromImage}
              imageError={sketch.imageError}
              locked={readOnly('sketch')}
            />
          )}
          {client !== null && <HistoryStrip frames={snapshot.frames} store={client.frames} />}
          <TimelapseDownload roomId={roomId} httpUrl={host.httpUrl} token={readToken} refinedSeq={refinedSeq} />
        </div>
        <div className="controls">
          {client !== null && <ParamsPanel map={client.params} locked={readOnly('params')} />}
          {isHost && host.httpUrl !== null && (
            <HostPanel
              roomId={roomId}
              httpUrl={host.httpUrl}
              token={host.token!}
              role={ownRole}
              controls={controls}
              people={shownPeople}
              name={name ?? ''}
              onNewToken={adoptHostToken}
            />
          )}
          <PresenceList people={shownPeople} ownName={name} onRename={rename} />
          <SharePanel roomId={roomId} invites={privacy.invites} />
        </div>
      </main>
    </div>
  );
}
