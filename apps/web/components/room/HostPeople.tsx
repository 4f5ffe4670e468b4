'use client';

import { useState } from 'react';
import type { HostRole } from '@promptjam/protocol';
import { HOST_ROLE_LABEL, type Person } from '@/lib/presence';

/** Props of {@link HostPeople}. */
export interface HostPeopleProps {
  /** Everyone present; the host themself is left out of the list. */
  people: readonly Person[];
  /** The role of the host looking at the list. */
  ownRole: HostRole;
  onRemove: (person: Person) => void;
  onPromote: (person: Person) => void;
  /** Takes a co-host's link away (the owner only). */
  onDemote: (person: Person) => void;
}

/**
 * The host's list of everyone else present (from presence) with their role, each with what this host may do to them:
 * "Make co-host" for a guest, "Take co-host away" for a co-host (the owner only), and "Remove" for anyone but the
 * owner (unless this host is the owner). Removing asks once more in place: a removal keeps the person out for the
 * server's ban time.
 */
export function HostPeople({ people, ownRole, onRemove, onPromote, onDemote }: HostPeopleProps) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const others = people.filter((person) => !person.isSelf);
  if (others.length === 0) return <p className="panel-note host-people-empty">Nobody else is here yet.</p>;
  return (
    <ul className="host-people" aria-label="People in the room">
      {others.map((person) => (
        <li key={person.clientId} className="host-person" style={{ ['--person' as string]: person.color }}>
          <span className="person-name">{person.name}</span>
          {person.role !== null && (
            <span className={`tag role-${person.role}`} data-testid="person-role">
              {HOST_ROLE_LABEL[person.role]}
            </span>
          )}
          {person.role === null && (
            <button type="button" className="button ghost small" onClick={() => onPromote(person)}>
              Make co-host
            </button>
          )}
          {person.role === 'host' && ownRole === 'owner' && (
            <button type="button" className="button ghost small" onClick={() => onDemote(person)}>
              Take co-host away
            </button>
          )}
          {person.role === 'owner' && ownRole !== 'owner' ? null : confirming === person.clientId ? (
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
