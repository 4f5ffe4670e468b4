'use client';

import { useId, useState } from 'react';
import { LOCKABLE_FIELDS, MAX_HOST_NAME_CHARS, type LockableField, type RoomControls } from '@promptjam/protocol';
import { postHost } from '@/lib/hostLink';
import { CopyButton } from './CopyButton';

/** Props of {@link HostPanel}. */
export interface HostPanelProps {
  roomId: string;
  /** The room server's HTTP address. */
  httpUrl: string;
  /** This browser's host token for the room. */
  token: string;
  controls: RoomControls;
  /** The host's display name, recorded with each action. */
  name: string;
}

const FIELD_LABEL: Record<LockableField, string> = { prompt: 'prompt', params: 'parameters', sketch: 'sketch' };

/**
 * What the room's host can do (docs/SECURITY.md, host links): lock or unlock each field for everyone else, and
 * make a host link for a co-host. The server enforces every lock; this panel only asks for them.
 */
export function HostPanel({ roomId, httpUrl, token, controls, name }: HostPanelProps) {
  const ids = useId();
  const [error, setError] = useState<string | null>(null);
  const [coHostLink, setCoHostLink] = useState<string | null>(null);
  const room = encodeURIComponent(roomId);

  const toggle = async (field: LockableField): Promise<void> => {
    const action = controls.locked.has(field) ? 'unlock' : 'lock';
    const answer = await postHost(httpUrl, `/rooms/${room}/controls`, { [action]: field, by: name.slice(0, MAX_HOST_NAME_CHARS) }, token);
    setError(answer.ok ? null : `Could not ${action} the ${FIELD_LABEL[field]}: ${answer.error}`);
  };

  const makeCoHostLink = async (): Promise<void> => {
    const answer = await postHost<{ host: { path: string } }>(httpUrl, `/rooms/${room}/host`, {}, token);
    if (answer.ok) setCoHostLink(`${window.location.origin}${answer.value.host.path}`);
    setError(answer.ok ? null : `Could not make a host link: ${answer.error}`);
  };

  return (
    <section className="panel host-panel" aria-labelledby={`${ids}-heading`}>
      <div className="panel-head">
        <h2 id={`${ids}-heading`} className="panel-title">
          Host <span className="panel-note">only you see this</span>
        </h2>
      </div>
      <div className="host-actions">
        {LOCKABLE_FIELDS.map((field) => {
          const locked = controls.locked.has(field);
          return (
            <button key={field} type="button" className="button small" aria-pressed={locked} onClick={() => void toggle(field)}>
              {locked ? `Unlock the ${FIELD_LABEL[field]}` : `Lock the ${FIELD_LABEL[field]}`}
            </button>
          );
        })}
        <button type="button" className="button ghost small" onClick={() => void makeCoHostLink()}>
          Make a co-host link
        </button>
      </div>
      {coHostLink !== null && (
        <div className="copy-row">
          <input className="input mono" readOnly value={coHostLink} aria-label="Co-host link" onFocus={(e) => e.target.select()} />
          <CopyButton text={coHostLink} label="Copy host link" />
        </div>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
