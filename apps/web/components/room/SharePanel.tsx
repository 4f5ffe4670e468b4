'use client';

import { useEffect, useId, useState } from 'react';
import { useQrCode } from '@/hooks/useQrCode';
import type { RoomInvites } from '@/lib/privateInvites';
import { embedSnippet, readPageToken, roomLink, showLink } from '@/lib/shareLinks';
import { CopyButton } from './CopyButton';

/** Props of {@link SharePanel}. */
export interface SharePanelProps {
  roomId: string;
  /** Whether the room is private, and the links this page may hand out (`usePrivateInvites`). */
  invites: RoomInvites;
}

/** One link to copy, with its label. */
function CopyField({ id, label, value, copyLabel }: { id: string; label: string; value: string; copyLabel: string }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} className="input mono" readOnly value={value} onFocus={(e) => e.target.select()} />
        <CopyButton text={value} label={copyLabel} />
      </div>
    </>
  );
}

/**
 * Invite others: the room link (copy, QR code for a projector or phones), and an `<iframe>` embed snippet. For a
 * private room: an editor link and a viewer link (read-only) as far as this page may hand them out, and the embed
 * snippet and projector link carry the viewer token (docs/SECURITY.md, private rooms).
 */
export function SharePanel({ roomId, invites }: SharePanelProps) {
  const ids = useId();
  const [page, setPage] = useState<{ origin: string; token: string | null } | null>(null);
  useEffect(() => setPage({ origin: window.location.origin, token: readPageToken(window.location.search) }), []);
  const origin = page?.origin ?? null;
  const isPrivate = invites.kind === 'private';
  // An open room's link, or a private one's editor link (the viewer link when this page may hand out only that).
  const editor = isPrivate ? invites.editor : (page?.token ?? null);
  const viewer = isPrivate ? invites.viewer : null;
  const mainToken = isPrivate ? (editor ?? viewer) : editor;

  const link = origin === null || (isPrivate && mainToken === null) ? '' : roomLink(origin, roomId, mainToken);
  const viewerLink = origin === null || viewer === null || mainToken === viewer ? null : roomLink(origin, roomId, viewer);
  // A private room's embed and projector need its viewer token; without one this page has none to give.
  const readToken = isPrivate ? viewer : null;
  const snippet = origin === null || (isPrivate && readToken === null) ? '' : embedSnippet(origin, roomId, readToken);

  const qrCode = useQrCode(link);

  return (
    <section className="panel share" aria-labelledby={`${ids}-heading`}>
      <div className="panel-head">
        <h2 id={`${ids}-heading`} className="panel-title">
          Invite {isPrivate && <span className="panel-note">private room: only people with a link get in</span>}
        </h2>
      </div>
      <div className="share-body">
        {qrCode !== null && <img className="qr" src={qrCode} alt={`QR code for ${link}`} width={132} height={132} />}
        <div className="share-fields">
          {link !== '' && (
            <CopyField
              id={`${ids}-link`}
              label={isPrivate ? (editor !== null ? 'Editor link (can edit)' : 'Viewer link (read-only)') : 'Room link'}
              value={link}
              copyLabel="Copy link"
            />
          )}
          {viewerLink !== null && <CopyField id={`${ids}-viewer`} label="Viewer link (read-only)" value={viewerLink} copyLabel="Copy viewer link" />}
          {isPrivate && invites.error !== null && <p className="form-error">{invites.error}</p>}
          {snippet !== '' && (
            <>
              <label htmlFor={`${ids}-embed`}>Embed (read-only viewer)</label>
              <div className="copy-row">
                <textarea id={`${ids}-embed`} className="input mono snippet" readOnly rows={3} value={snippet} onFocus={(e) => e.target.select()} />
                <CopyButton text={snippet} label="Copy embed code" />
              </div>
            </>
          )}
          {page !== null && (!isPrivate || readToken !== null) && (
            <a className="share-show" href={showLink(page.origin, roomId, isPrivate ? readToken : page.token)} target="_blank" rel="noreferrer">
              Projector view ↗
            </a>
          )}
        </div>
      </div>
    </section>
  );
}
