'use client';

import type { ConnectionStatus, RoomSnapshot } from '@/lib/RoomClient';
import { closeCodeName } from '@promptjam/protocol';

const CONNECTION_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  syncing: 'Loading room…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  waiting: 'Waiting to reconnect',
  closed: 'Disconnected',
};

/** What the renderer is doing, in words. */
function renderText(snapshot: RoomSnapshot): string | null {
  const render = snapshot.render;
  if (render === null) return null;
  switch (render.state) {
    case 'idle':
      return 'Up to date';
    case 'generating':
      return 'Generating…';
    case 'queued':
      return render.position === undefined ? 'Queued' : `Queued (position ${render.position})`;
    case 'error':
      return `Error: ${render.message ?? 'generation failed'}`;
    case 'held':
      return render.message ?? "This prompt is held by the room's word list.";
  }
}

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  snapshot: RoomSnapshot;
  /** The model named by the latest frame, used until a status names one. */
  frameModel: { model: string; demo: boolean } | null;
}

/**
 * One line of facts about the room: connection, render state, latency (frame receipt minus the server's
 * generation start) and frames per second, the model, and a badge when the server runs the demo model.
 * Only the connection part is a live region; frame figures change too often to be announced.
 */
export function StatusBar({ snapshot, frameModel }: StatusBarProps) {
  const model = snapshot.render ?? frameModel;
  const render = renderText(snapshot);
  const close = snapshot.connection === 'closed' || snapshot.connection === 'waiting' ? snapshot.closeInfo : null;
  return (
    <div className="status-bar">
      <span className={`pill connection-${snapshot.connection}`} role="status" aria-live="polite">
        <span className="dot" aria-hidden="true" />
        {CONNECTION_TEXT[snapshot.connection]}
        {close !== null ? ` (${close.reason || closeCodeName(close.code) || close.code})` : ''}
      </span>
      {render !== null && (
        <span className={`pill render-${snapshot.render?.state ?? 'idle'}`} data-testid="render-status">
          {render}
        </span>
      )}
      {snapshot.latencyMs !== null && (
        <span className="metric" title="Time from the start of generation to this frame arriving">
          <span className="metric-value">{Math.round(snapshot.latencyMs)}</span> ms
        </span>
      )}
      <span className="metric" title="Frames per second over the last few seconds">
        <span className="metric-value">{snapshot.fps.toFixed(1)}</span> fps
      </span>
      {model !== null && (
        <span className="model-name" title="Model">
          {model.model}
          {model.demo && (
            <span className="badge demo" title="The server runs the tiny demo model, not real weights">
              demo model
            </span>
          )}
        </span>
      )}
    </div>
  );
}
