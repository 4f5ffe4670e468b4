'use client';

import { closeAdvice } from '@promptjam/protocol';
import type { RoomSnapshot } from '@/lib/RoomClient';
import { CopyButton } from './CopyButton';

/** Props of {@link ConnectionNotice}. */
export interface ConnectionNoticeProps {
  snapshot: RoomSnapshot;
  /** Reconnects now instead of at the scheduled time (while `waiting`). */
  onRetryNow: () => void;
  /** Starts over with a fresh copy of the room (after a final close). */
  onRejoin: () => void;
}

/**
 * Why the server turned this page away, in words (protocol's `CLOSE_ADVICE` plus the server's reason), and
 * what comes next: a scheduled retry with "Try now", or, after a final refusal, the person's own text to copy
 * (nothing they typed is lost silently) and "Rejoin room", which loads the room's current text.
 * Shown only while `waiting` or `closed`.
 */
export function ConnectionNotice({ snapshot, onRetryNow, onRejoin }: ConnectionNoticeProps) {
  const { connection, closeInfo, keptText } = snapshot;
  if ((connection !== 'waiting' && connection !== 'closed') || closeInfo === null) return null;
  const advice = closeAdvice(closeInfo.code);
  return (
    <section className="panel connection-notice" role="alert" data-testid="connection-notice" data-close-code={closeInfo.code}>
      <p className="connection-notice-message">{advice.message}</p>
      {closeInfo.reason !== '' && <p className="connection-notice-reason">Server: {closeInfo.reason}</p>}
      {connection === 'waiting' && (
        <div className="button-row">
          <button type="button" className="button small" onClick={onRetryNow}>
            Try now
          </button>
        </div>
      )}
      {connection === 'closed' && keptText !== null && (
        <div className="kept-text">
          <label htmlFor="kept-text">Your text (it may not have reached the room; rejoining shows the room’s text)</label>
          <textarea id="kept-text" readOnly value={keptText} rows={4} data-testid="kept-text" />
        </div>
      )}
      {connection === 'closed' && (
        <div className="button-row">
          {keptText !== null && <CopyButton text={keptText} label="Copy my text" />}
          <button type="button" className="button small primary" onClick={onRejoin}>
            Rejoin room
          </button>
        </div>
      )}
    </section>
  );
}
