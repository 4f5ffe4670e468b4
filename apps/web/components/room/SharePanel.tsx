'use client';

import { useEffect, useId, useState } from 'react';
import { useQrCode } from '@/hooks/useQrCode';
import { embedSnippet, readPageToken, roomLink, showLink } from '@/lib/shareLinks';
import { CopyButton } from './CopyButton';

/** Props of {@link SharePanel}. */
export interface SharePanelProps {
  roomId: string;
}

/** Invite others: the room link (copy, QR code for a projector or phones), and an `<iframe>` embed snippet. */
export function SharePanel({ roomId }: SharePanelProps) {
  const ids = useId();
  const [page, setPage] = useState<{ origin: string; token: string | null } | null>(null);
  useEffect(() => setPage({ origin: window.location.origin, token: readPageToken(window.location.search) }), []);
  const origin = page?.origin ?? null;

  const link = page === null ? '' : roomLink(page.origin, roomId, page.token);
  const snippet = origin === null ? '' : embedSnippet(origin, roomId);

  const qrCode = useQrCode(link);

  return (
    <section className="panel share" aria-labelledby={`${ids}-heading`}>
      <div className="panel-head">
        <h2 id={`${ids}-heading`} className="panel-title">
          Invite
        </h2>
      </div>
      <div className="share-body">
        {qrCode !== null && <img className="qr" src={qrCode} alt={`QR code for ${link}`} width={132} height={132} />}
        <div className="share-fields">
          <label htmlFor={`${ids}-link`}>Room link</label>
          <div className="copy-row">
            <input id={`${ids}-link`} className="input mono" readOnly value={link} onFocus={(e) => e.target.select()} />
            <CopyButton text={link} label="Copy link" />
          </div>
          <label htmlFor={`${ids}-embed`}>Embed (read-only viewer)</label>
          <div className="copy-row">
            <textarea id={`${ids}-embed`} className="input mono snippet" readOnly rows={3} value={snippet} onFocus={(e) => e.target.select()} />
            <CopyButton text={snippet} label="Copy embed code" />
          </div>
          {page !== null && (
            <a className="share-show" href={showLink(page.origin, roomId, page.token)} target="_blank" rel="noreferrer">
              Projector view ↗
            </a>
          )}
        </div>
      </div>
    </section>
  );
}
