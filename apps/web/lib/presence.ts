/**
 * Presence: what each person in a room shares through y-protocols awareness, and how we read it back.
 * Awareness states come from other clients, so they are validated here; a malformed one is shown as a guest.
 * The host role (owner, co-host) is the one field the server writes: it stamps it into every state it relays.
 */

import { presenceRole, type HostRole } from '@promptjam/protocol';

/**
 * Colours for people's carets and names: eight hues far apart from each other (so no two read as the
 * same on a projector), all light enough for dark text on them and for the dark theme.
 */
export const PERSON_COLOURS = ['#ff6b6b', '#4dabf7', '#ffd43b', '#b197fc', '#ff922b', '#3bc9db', '#f783ac', '#a9e34b'] as const;

/** Longest display name we show or share, in characters. */
export const MAX_PERSON_NAME_CHARS = 32;

/** The local state each editor publishes. `user` is the shape y-codemirror.next reads for remote carets. */
export interface PresenceState {
  user: { name: string; color: string; colorLight: string };
  /** True while this person has edited the prompt within the last few seconds. */
  typing: boolean;
}

/** One person in the room as the presence list shows them. */
export interface Person {
  clientId: number;
  name: string;
  color: string;
  typing: boolean;
  isSelf: boolean;
  /** The room's owner or a co-host, as the server stamped it into their presence; null for everyone else. */
  role: HostRole | null;
}

/** How the people lists name each host role. */
export const HOST_ROLE_LABEL: Readonly<Record<HostRole, string>> = { owner: 'owner', host: 'co-host' };

/** A person's colour, stable for their client id. */
export function colourForClient(clientId: number): string {
  const index = Math.abs(Math.trunc(clientId)) % PERSON_COLOURS.length;
  return PERSON_COLOURS[index] as string;
}

/** The same colour with ~20% alpha, for remote selections. */
export function lightColour(color: string): string {
  return /^#[0-9a-f]{6}$/i.test(color) ? `${color}33` : color;
}

/** Trims and shortens a display name; an empty result means "no name". */
export function cleanPersonName(raw: string): string {
  // Control characters would let a name break the list's layout.
  const withoutControls = Array.from(raw).filter((char) => char >= ' ' && char !== '\u007f').join('');
  return Array.from(withoutControls.trim()).slice(0, MAX_PERSON_NAME_CHARS).join('');
}

/**
 * The colour this client should wear so nobody in the room shares it: its own palette colour unless a
 * person with a lower client id already wears that, else the next free one (the palette wraps around
 * only when every colour is taken). Lower ids keep their colour, so everyone settles without flapping.
 */
export function chooseColour(clientId: number, others: ReadonlyArray<{ clientId: number; color: string }>): string {
  const taken = new Set(others.filter((o) => o.clientId < clientId).map((o) => o.color));
  const start = PERSON_COLOURS.indexOf(colourForClient(clientId) as (typeof PERSON_COLOURS)[number]);
  for (let step = 0; step < PERSON_COLOURS.length; step++) {
    const candidate = PERSON_COLOURS[(start + step) % PERSON_COLOURS.length] as string;
    if (!taken.has(candidate)) return candidate;
  }
  return colourForClient(clientId);
}

/** The awareness state to publish for a person. */
export function presenceState(name: string, color: string, typing: boolean): PresenceState {
  return { user: { name, color, colorLight: lightColour(color) }, typing };
}

function readPerson(clientId: number, state: unknown, selfId: number): Person | null {
  if (typeof state !== 'object' || state === null) return null;
  const record = state as Record<string, unknown>;
  // Viewers (embeds) publish no user; they are not people in the room.
  if (typeof record.user !== 'object' || record.user === null) return null;
  const user = record.user as Record<string, unknown>;
  const name = typeof user.name === 'string' ? cleanPersonName(user.name) : '';
  const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : colourForClient(clientId);
  return { clientId, name: name.length > 0 ? name : 'Guest', color, typing: record.typing === true, isSelf: clientId === selfId, role: presenceRole(state) };
}

/** Everyone present, yourself first, then by name (and client id, so the order is stable). */
export function readPeople(states: ReadonlyMap<number, unknown>, selfId: number): Person[] {
  const people: Person[] = [];
  for (const [clientId, state] of states) {
    const person = readPerson(clientId, state, selfId);
    if (person !== null) people.push(person);
  }
  return people.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

/** Whether two people lists would render the same (cursor moves alone change nothing here). */
export function samePeople(a: readonly Person[], b: readonly Person[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return (
        q !== undefined && p.clientId === q.clientId && p.name === q.name && p.color === q.color && p.typing === q.typing && p.isSelf === q.isSelf && p.role === q.role
      );
    })
  );
}
