'use client';

import { describeHostAction, type HostAction } from '@promptjam/protocol';

/** Props of {@link HostLog}. */
export interface HostLogProps {
  /** The room's host actions, oldest first (the controls map's log). */
  log: readonly HostAction[];
}

/** "14:05" for an epoch-ms time, in the viewer's own clock. */
function clockTime(atMs: number): string {
  return new Date(atMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * Who changed what, for everyone in the room: the newest host action in one quiet line, and the earlier ones
 * folded away under it.
 */
export function HostLog({ log }: HostLogProps) {
  const latest = log.at(-1);
  if (latest === undefined) return null;
  const earlier = log.slice(0, -1).reverse();
  return (
    <div className="host-log">
      <p className="host-note" data-testid="host-note">
        {describeHostAction(latest)}
      </p>
      {earlier.length > 0 && (
        <details className="host-log-earlier">
          <summary>Earlier host actions</summary>
          <ol data-testid="host-log">
            {earlier.map((entry, index) => (
              <li key={`${entry.at}-${index}`}>
                <time dateTime={new Date(entry.at).toISOString()}>{clockTime(entry.at)}</time> {describeHostAction(entry)}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
