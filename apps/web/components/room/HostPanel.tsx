'use client';

import { useId, useState } from 'react';
import { CLEARABLE_FIELDS, LOCKABLE_FIELDS, MAX_HOST_NAME_CHARS, type ClearableField, type HostRole, type LockableField, type RoomControls } from '@promptjam/protocol';
import { postHost, type HostAnswer } from '@/lib/hostLink';
import type { Person } from '@/lib/presence';
import { CopyButton } from './CopyButton';
import { HostPeople } from './HostPeople';

/** Props of {@link HostPanel}. */
export interface HostPanelProps {
  roomId: string;
  /** The room server's HTTP address. */
  httpUrl: string;
  /** This browser's host token for the room. */
  token: string;
  /** What that token makes this person: the room's owner or a co-host. */
  role: HostRole;
  controls: RoomControls;
  /** Everyone present (this person first). */
  people: readonly Person[];
  /** The host's display name, recorded with each action. */
  name: string;
  /** A fresh host link replaced this one (after revoking every other host link). */
  onNewToken: (token: string) => void;
}

const FIELD_LABEL: Record<LockableField, string> = { prompt: 'prompt', params: 'parameters', sketch: 'sketch' };

/** Whether the newest clear of `field` in the log has not been undone yet (the server has the last word). */
function clearUndoable(controls: RoomControls, field: ClearableField): boolean {
  const last = controls.log.findLast((entry) => entry.field === field && (entry.action === 'clear' || entry.action === 'undo-clear'));
  return last?.action === 'clear';
}

/**
 * What the room's host can do (docs/SECURITY.md, host links): lock or unlock each field for everyone else, make the
 * room view-only, clear the prompt or the sketch (undoably), remove people or make them co-hosts, make a co-host
 * link; the owner also takes a co-host's link away and revokes every other host link (a co-host may do neither,
 * nor remove the owner). The server enforces every rule; this panel only asks for them.
 */
export function HostPanel({ roomId, httpUrl, token, role, controls, people, name, onNewToken }: HostPanelProps) {
  const ids = useId();
  const [error, setError] = useState<string | null>(null);
  const [coHostLink, setCoHostLink] = useState<string | null>(null);
  const room = encodeURIComponent(roomId);
  const by = name.slice(0, MAX_HOST_NAME_CHARS);

  /** Posts one change to the controls endpoint; shows `failure` and the server's reason if it is refused. */
  const change = async <T,>(body: Record<string, unknown>, failure: string): Promise<HostAnswer<T>> => {
    const answer = await postHost<T>(httpUrl, `/rooms/${room}/controls`, { ...body, by }, token);
    setError(answer.ok ? null : `${failure}: ${answer.error}`);
    return answer;
  };

  const toggleLock = (field: LockableField): void => {
    const action = controls.locked.has(field) ? 'unlock' : 'lock';
    void change({ [action]: field }, `Could not ${action} the ${FIELD_LABEL[field]}`);
  };

  const makeCoHostLink = async (): Promise<void> => {
    const answer = await postHost<{ host: { path: string } }>(httpUrl, `/rooms/${room}/host`, {}, token);
    if (answer.ok) setCoHostLink(`${window.location.origin}${answer.value.host.path}`);
    setError(answer.ok ? null : `Could not make a host link: ${answer.error}`);
  };

  const revokeOthers = async (): Promise<void> => {
    const answer = await postHost<{ host: { token: string } }>(httpUrl, `/rooms/${room}/host`, { rotate: true, by }, token);
    setError(answer.ok ? null : `Could not revoke the host links: ${answer.error}`);
    if (!answer.ok) return;
    setCoHostLink(null);
    onNewToken(answer.value.host.token);
  };

  return (
    <section className="panel host-panel" aria-labelledby={`${ids}-heading`}>
      <div className="panel-head">
        <h2 id={`${ids}-heading`} className="panel-title">
          Host <span className="panel-note">{role === 'owner' ? 'you own this room; only you see this' : 'you are a co-host; only you see this'}</span>
        </h2>
      </div>
      <div className="host-actions" role="group" aria-label="Locks">
        {LOCKABLE_FIELDS.map((field) => {
          const locked = controls.locked.has(field);
          return (
            <button key={field} type="button" className="button small" aria-pressed={locked} onClick={() => toggleLock(field)}>
              {locked ? `Unlock the ${FIELD_LABEL[field]}` : `Lock the ${FIELD_LABEL[field]}`}
            </button>
          );
        })}
        <button
          type="button"
          className="button small"
          aria-pressed={controls.viewerOnly}
          onClick={() => void change({ viewerOnly: !controls.viewerOnly }, 'Could not change who may edit')}
        >
          {controls.viewerOnly ? 'Let everyone edit' : 'Make the room view-only'}
        </button>
      </div>
      <div className="host-actions" role="group" aria-label="Clear">
        {CLEARABLE_FIELDS.map((field) =>
          clearUndoable(controls, field) ? (
            <button key={field} type="button" className="button ghost small" onClick={() => void change({ undoClear: field }, `Could not restore the ${field}`)}>
              {`Undo clearing the ${field}`}
            </button>
          ) : (
            <button key={field} type="button" className="button ghost small" onClick={() => void change({ clear: field }, `Could not clear the ${field}`)}>
              {`Clear the ${field}`}
            </button>
          ),
        )}
      </div>
      <HostPeople
        people={people}
        ownRole={role}
        onDemote={(person) => void change({ demote: person.clientId }, `Could not take ${person.name}'s co-host link away`)}
        onRemove={(person) => void change({ remove: person.clientId }, `Could not remove ${person.name}`)}
        onPromote={(person) => void change({ promote: person.clientId }, `Could not make ${person.name} a co-host`)}
      />
      <div className="host-actions" role="group" aria-label="Host links">
        <button type="button" className="button ghost small" onClick={() => void makeCoHostLink()}>
          Make a co-host link
        </button>
        {/* A room claimed before owners existed has peer hosts: any of them may revoke the others (and owns it then). */}
        {(role === 'owner' || (controls.hostSince > 0 && controls.ownerSince === 0)) && (
          <button type="button" className="button ghost small" onClick={() => void revokeOthers()} title="Every other host and co-host link stops working; you get a fresh one">
            Revoke other host links
          </button>
        )}
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
