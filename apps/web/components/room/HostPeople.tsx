'use client';

import { useState } from 'react';
import type { Person } from '@/lib/presence';

/** Props of {@link HostPeople}. */
export interface HostPeopleProps {
  /** Everyone present; the host themself is left out of the list. */
  people: readonly Person[];
  onRemove: (person: Person) => void;
  onPromote: (person: Person) => void;
}

/**
 * The host's list of everyone else present (from presence), each with "Make co-host" and "Remove". Removing asks
 * once more in place: a removal keeps the person out for the server's ban time.
 */
export function HostPeople({ people, onRemove, onPromote }: HostPeopleProps) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const others = people.filter((person) => !person.isSelf);
  if (others.length === 0) return <p className="panel-note host-people-empty">Nobody else is here yet.</p>;
  return (
    <ul className="host-people" aria-label="People in the room">
      {others.map((person) => (
        <li key={person.clientId} className="host-person" style={{ ['--person' as string]: person.color }}>
          <span className="person-name">{person.name}</span>
          <button type="button" className="button ghost small" onClick={() => onPromote(person)}>
            Make co-host
          </button>
          {confirming === person.clientId ? (
            <>
              <button
                type="button"
                className="button small danger"
                onClick={() => {
                  setConfirming(null);
                  onRemove(person);
                }}
              >
                {`Yes, remove ${person.name}`}
              </button>
              <button type="button" className="button ghost small" onClick={() => setConfirming(null)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="button ghost small" onClick={() => setConfirming(person.clientId)}>
              Remove
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
