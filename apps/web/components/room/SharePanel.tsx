'use client';

import QRCode from 'qrcode';
import { useEffect, useId, useState } from 'react';
import { embedSnippet, readPageToken, roomLink } from '@/lib/shareLinks';
import { CopyButton } from './CopyButton';

/** Props of {@link SharePanel}. */
export interface SharePanelProps {
  roomId: string;
}

/** Invite others: the room link (copy, QR code for a projector or phones), and an `<iframe>` embed snippet. */
export function SharePanel({ roomId }: SharePanelProps) {
  const ids = useId();
  const [page, setPage] = useState<{ origin: string; token: string | null } | null>(null);
  const [qrSvg, setQrSvg] = useState<string | null>(null);
  useEffect(() => setPage({ origin: window.location.origin, token: readPageToken(window.location.search) }), []);
  const origin = page?.origin ?? null;

  const link = page === null ? '' : roomLink(page.origin, roomId, page.token);
  const snippet = origin === null ? '' : embedSnippet(origin, roomId);

  useEffect(() => {
    if (link === '') return;
    let cancelled = false;
    QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#0b0d12', light: '#ffffff' } }).then(
      (svg) => {
        if (!cancelled) setQrSvg(svg);
      },
      () => {
        if (!cancelled) setQrSvg(null);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [link]);

  return (
    <section className="panel share" aria-labelledby={`${ids}-heading`}>
      <div className="panel-head">
        <h2 id={`${ids}-heading`} className="panel-title">
          Invite
        </h2>
      </div>
      <div className="share-body">
        {qrSvg !== null && (
          <img className="qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`} alt={`QR code for ${link}`} width={132} height={132} />
        )}
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
        </div>
      </div>
    </section>
  );
}
