'use client';

import { useId, useState, type FormEvent } from 'react';
import { HOST_ROLE_LABEL, MAX_PERSON_NAME_CHARS, type Person } from '@/lib/presence';

/** Props of {@link PresenceList}. */
export interface PresenceListProps {
  people: readonly Person[];
  /** This device's name, or null while it loads. */
  ownName: string | null;
  /** Saves a new name; returns false when it was rejected (empty). */
  onRename: (name: string) => boolean;
}

/**
 * Who is here (colour, name, typing, and who is the room's owner or a co-host), with this person's own name editable
 * and remembered on the device.
 */
export function PresenceList({ people, ownName, onRename }: PresenceListProps) {
  const ids = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const typing = people.filter((p) => p.typing && !p.isSelf);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (draft !== null && onRename(draft)) setDraft(null);
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-heading`}>
      <div className="panel-head">
        <h2 id={`${ids}-heading`} className="panel-title">
          Here now <span className="count">{people.length}</span>
        </h2>
        <span className="typing-note" aria-live="polite">
          {typing.length === 0 ? '' : `${typing.map((p) => p.name).join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…`}
        </span>
      </div>
      <ul className="people" aria-label="People here">
        {people.map((person) => (
          <li key={person.clientId} className="person" style={{ ['--person' as string]: person.color }}>
            <span className="avatar" aria-hidden="true">
              {person.name.charAt(0).toUpperCase()}
            </span>
            <span className="person-name">{person.name}</span>
            {person.isSelf && <span className="tag">you</span>}
            {person.role !== null && (
              <span className={`tag role-${person.role}`} data-testid="person-role">
                {HOST_ROLE_LABEL[person.role]}
              </span>
            )}
            {person.typing && (
              <span className="typing-dots">
                <span aria-hidden="true" />
                <span aria-hidden="true" />
                <span aria-hidden="true" />
                <span className="sr-only">typing</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      <form className="name-form" onSubmit={submit}>
        <label htmlFor={`${ids}-name`}>Your name</label>
        <input
          id={`${ids}-name`}
          className="input"
          maxLength={MAX_PERSON_NAME_CHARS}
          value={draft ?? ownName ?? ''}
          placeholder="Your name"
          autoComplete="nickname"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            if (draft !== null && onRename(draft)) setDraft(null);
          }}
        />
        <button type="submit" className="button small" disabled={draft === null || draft.trim() === ''}>
          Save
        </button>
      </form>
    </section>
  );
}
