'use client';

import { useEffect, useState } from 'react';
import { useQrCode } from '@/hooks/useQrCode';
import { usePeople, useRoomClient, useRoomSnapshot } from '@/hooks/useRoomClient';
import { useRoomParams, useYText } from '@/hooks/useSharedValue';
import { LiveImage } from '@/components/room/LiveImage';
import { emptyPicture } from '@/lib/emptyPicture';
import { isOffline } from '@/lib/RoomClient';
import { roomLink, shortLink, shortLinkLines } from '@/lib/shareLinks';

/** Props of {@link ShowView}. */
export interface ShowViewProps {
  roomId: string;
  serverUrl: string | null;
  /** The room server's port, for the default URL on the page's own host. */
  serverPort: number;
}

/** Keys that toggle parts of the projector view (lower-case `KeyboardEvent.key`). */
export const SHOW_SHORTCUTS = { prompt: 'p', qr: 'q', fullscreen: 'f' } as const;

/**
 * The projector view, `/show/<room>`: the live image as large as the screen allows, the prompt in large type,
 * the join QR code and short link, and how many people are in the room; no controls. It connects as a viewer
 * (like the embed: it never writes and is never listed as present). Keys: P hides the prompt, Q the QR code,
 * F toggles full screen.
 */
export function ShowView({ roomId, serverUrl, serverPort }: ShowViewProps) {
  const client = useRoomClient(serverUrl, serverPort, roomId, 'viewer', { watchPresence: true });
  const snapshot = useRoomSnapshot(client);
  const people = usePeople(client);
  const { params } = useRoomParams(client?.params ?? null);
  const prompt = useYText(client?.prompt ?? null);
  const [origin, setOrigin] = useState<string | null>(null);
  const [showPrompt, setShowPrompt] = useState(true);
  const [showQr, setShowQr] = useState(true);
  useEffect(() => setOrigin(window.location.origin), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === SHOW_SHORTCUTS.prompt) setShowPrompt((shown) => !shown);
      else if (key === SHOW_SHORTCUTS.qr) setShowQr((shown) => !shown);
      else if (key === SHOW_SHORTCUTS.fullscreen) {
        if (document.fullscreenElement) void document.exitFullscreen();
        else void document.documentElement.requestFullscreen().catch(() => undefined);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The join link is the room's plain link: the projector's own token (a private room's viewer link) must not be
  // handed to the audience as an invitation to edit.
  const joinLink = origin === null ? '' : roomLink(origin, roomId);
  const qrCode = useQrCode(joinLink);
  const linkLines = shortLinkLines(shortLink(joinLink));
  const latest = snapshot.frames[snapshot.frames.length - 1] ?? null;
  const offline = isOffline(snapshot.connection);
  const held = snapshot.render?.state === 'held';
  const count = people.length;

  return (
    <main className="show" data-prompt={showPrompt ? 'shown' : 'hidden'}>
      <div className="show-stage">
        <LiveImage
          frame={latest}
          width={params.width}
          height={params.height}
          busy={snapshot.render?.state === 'generating'}
          empty={emptyPicture(snapshot.connection, 'Waiting for the first frame…')}
        />
      </div>
      <aside className="show-side" aria-label="Join the room">
        {showQr && qrCode !== null && <img className="show-qr" src={qrCode} alt={`QR code for ${joinLink}`} data-testid="show-qr" />}
        {showQr && (
          <p className="show-link" data-testid="show-link" style={{ ['--link-chars' as string]: Math.max(1, ...linkLines.map((line) => line.length)) }}>
            {linkLines.map((line) => (
              <span key={line} className="show-link-line">
                {line}
              </span>
            ))}
          </p>
        )}
        <p className="show-people" data-testid="show-people">
          <span className="show-people-count">{count}</span> {count === 1 ? 'person' : 'people'} in the room
        </p>
        {offline && <p className="pill connection-reconnecting">reconnecting…</p>}
        {held && <p className="show-held">{snapshot.render?.message}</p>}
      </aside>
      {showPrompt && (
        <p className="show-prompt" data-testid="show-prompt" aria-live="polite">
          {prompt || '…'}
        </p>
      )}
    </main>
  );
}
