import { canonicalRoomId } from '@promptjam/protocol';
import { ROOM_ROUTE_SEGMENTS } from './roomPath';
import { readPageToken } from './shareLinks';

/** Words for readable room names: short, friendly, unambiguous when read aloud in a workshop. */
const ADJECTIVES = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'cosmic', 'crisp', 'dapper', 'eager',
  'fancy', 'fuzzy', 'gentle', 'golden', 'happy', 'jolly', 'lively', 'lucky', 'mellow', 'misty',
  'nimble', 'noble', 'plucky', 'quiet', 'rapid', 'rosy', 'shiny', 'silver', 'sunny', 'swift',
  'teal', 'tidy', 'violet', 'vivid', 'witty', 'zesty',
] as const;

const ANIMALS = [
  'badger', 'beaver', 'bison', 'crane', 'dingo', 'dolphin', 'falcon', 'ferret', 'finch', 'fox',
  'gecko', 'heron', 'ibis', 'koala', 'lemur', 'lynx', 'marmot', 'moose', 'narwhal', 'newt',
  'ocelot', 'orca', 'otter', 'owl', 'panda', 'puffin', 'quokka', 'raven', 'robin', 'seal',
  'sloth', 'stork', 'tapir', 'walrus', 'wombat', 'yak',
] as const;

/** Room-name numbers run from 10 to 99, so every name has the same shape (`violet-otter-42`). */
const MIN_ROOM_NUMBER = 10;
const MAX_ROOM_NUMBER = 99;

/** A source of uniform random numbers in [0, 1); injectable so tests are deterministic. */
export type RandomSource = () => number;

function pick<T>(items: readonly T[], random: RandomSource): T {
  const index = Math.min(items.length - 1, Math.floor(random() * items.length));
  return items[index] as T;
}

/**
 * A readable random room id such as `violet-otter-42`: adjective, animal, two-digit number.
 * About 116,000 combinations: enough that two workshops rarely collide, short enough to read aloud.
 */
export function generateRoomName(random: RandomSource = Math.random): string {
  const span = MAX_ROOM_NUMBER - MIN_ROOM_NUMBER + 1;
  const number = MIN_ROOM_NUMBER + Math.min(span - 1, Math.floor(random() * span));
  return `${pick(ADJECTIVES, random)}-${pick(ANIMALS, random)}-${number}`;
}

/**
 * The outcome of reading a room name typed by a person: the room, and the token of a pasted link that carries one
 * (a private room's editor or viewer link, a co-host link), or why the text names no room.
 */
export type RoomNameInput = { roomId: string; token?: string } | { error: string };

/** A room link pasted into the Join box: `…/r/<room>`, `…/embed/<room>` (any room route). */
const ROOM_LINK = new RegExp(`/(?:${ROOM_ROUTE_SEGMENTS.join('|')})/([^/?#]+)`);

/**
 * Reads a room name typed into the "Join" box, or a pasted room link, as the room's canonical id
 * (`Violet Otter 42` -> `violet-otter-42`, see `canonicalRoomId` in the protocol), so every spelling
 * opens the same room. A pasted link keeps its `?token=` (without it a private room refuses the person).
 */
export function parseRoomNameInput(raw: string): RoomNameInput {
  let text = raw.trim();
  let token: string | null = null;
  const linkMatch = ROOM_LINK.exec(text);
  if (linkMatch?.[1] !== undefined) {
    const [search = ''] = text.slice(linkMatch.index + linkMatch[0].length).split('#');
    token = search.startsWith('?') ? readPageToken(search) : null;
    text = decodeURIComponentSafe(linkMatch[1]);
  }
  if (text.length === 0) return { error: 'Enter a room name, e.g. violet-otter-42.' };
  const room = canonicalRoomId(text);
  if ('error' in room) {
    return { error: `${room.error.charAt(0).toUpperCase()}${room.error.slice(1)}; got "${text.slice(0, 80)}".` };
  }
  return token === null ? { roomId: room.roomId } : { roomId: room.roomId, token };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** What the Join box accepts, for its tooltip. */
export const ROOM_NAME_HINT = 'A room name: letters and digits, with spaces, "-" or "_" between words (any letter case).';

/**
 * A friendly default display name for a newcomer, e.g. `Plucky Heron`, drawn from the same word lists
 * as room names so the whole app speaks one vocabulary.
 */
export function generatePersonName(random: RandomSource = Math.random): string {
  const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
  return `${capitalize(pick(ADJECTIVES, random))} ${capitalize(pick(ANIMALS, random))}`;
}
