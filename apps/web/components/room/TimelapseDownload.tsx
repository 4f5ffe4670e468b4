'use client';

import type { TimelapseFormat } from '@promptjam/protocol';
import { useTimelapse } from '@/hooks/useTimelapse';
import { timelapseUrl } from '@/lib/timelapse';

/** Props of {@link TimelapseDownload}. */
export interface TimelapseDownloadProps {
  roomId: string;
  /** The room server's HTTP address, once known. */
  httpUrl: string | null;
  /** The token this page joined with (a private room's link, or the host link), passed on to the server. */
  token: string | null;
  /** The newest refined frame's seq (0 before any): the timelapse is asked again when it changes. */
  refinedSeq: number;
}

/**
 * "Download the jam": the room's timelapse as an animated WebP (or GIF), one page per finished frame. Disabled,
 * with the reason beside it, until the room has a finished frame or when the server keeps no timelapse.
 */
export function TimelapseDownload({ roomId, httpUrl, token, refinedSeq }: TimelapseDownloadProps) {
  const timelapse = useTimelapse(httpUrl, roomId, token, refinedSeq);
  const frames = timelapse.state === 'ready' ? timelapse.frames : 0;
  const note =
    timelapse.state === 'unavailable'
      ? timelapse.reason
      : timelapse.state === 'loading'
        ? 'Looking for the jam…'
        : frames === 0
          ? 'The timelapse starts with the first finished frame.'
          : `${frames} frame${frames === 1 ? '' : 's'}, 10 a second.`;
  const link = (format: TimelapseFormat, label: string, primary: boolean) =>
    frames > 0 && httpUrl !== null ? (
      <a className={`button small${primary ? ' primary' : ''}`} href={timelapseUrl(httpUrl, roomId, format, token)} download data-testid={`timelapse-${format}`}>
        {label}
      </a>
    ) : (
      <button type="button" className={`button small${primary ? ' primary' : ''}`} disabled aria-describedby="timelapse-note" data-testid={`timelapse-${format}`}>
        {label}
      </button>
    );
  return (
    <section className="timelapse" aria-label="The jam as a timelapse">
      <div className="button-row">
        {link('webp', 'Download the jam', true)}
        {link('gif', 'GIF', false)}
      </div>
      <p id="timelapse-note" className="timelapse-note" data-testid="timelapse-note">
        {note}
      </p>
    </section>
  );
}
