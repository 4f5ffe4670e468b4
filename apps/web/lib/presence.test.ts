import { describe, expect, it } from 'vitest';
import { chooseColour, cleanPersonName, colourForClient, PERSON_COLOURS, presenceState, readPeople, samePeople } from './presence';
import { loadStoredName, NAME_STORAGE_KEY, saveStoredName } from './storedName';

describe('presence', () => {
  it('gives each client a stable palette colour', () => {
    expect(colourForClient(3)).toBe(PERSON_COLOURS[3]);
    expect(colourForClient(3 + PERSON_COLOURS.length)).toBe(PERSON_COLOURS[3]);
  });

  it('reads people, self first, and validates hostile states', () => {
    const states = new Map<number, unknown>([
      [5, presenceState('Zed', colourForClient(5), false)],
      [9, presenceState('Me', colourForClient(9), true)],
      [2, { user: { name: 'A\u0000\u0007nna'.padEnd(200, 'x'), color: 'url(javascript:1)' }, typing: 'yes' }],
      [7, {}],
      [8, null],
      [4, { user: { name: 42 } }],
    ]);
    const people = readPeople(states, 9);
    expect(people.map((p) => p.clientId)).toEqual([9, 2, 4, 5]);
    expect(people[0]).toMatchObject({ name: 'Me', isSelf: true, typing: true });
    expect(people[1]?.name).toHaveLength(32);
    expect(people[1]?.name.startsWith('Anna')).toBe(true);
    expect(people[1]?.color).toBe(colourForClient(2));
    expect(people[1]?.typing).toBe(false);
    expect(people[2]?.name).toBe('Guest');
  });

  it('compares lists by what is shown', () => {
    const a = readPeople(new Map([[1, presenceState('A', '#ff6b6b', false)]]), 1);
    const b = readPeople(new Map([[1, { ...presenceState('A', '#ff6b6b', false), cursor: { anchor: 3 } }]]), 1);
    const c = readPeople(new Map([[1, presenceState('A', '#ff6b6b', true)]]), 1);
    expect(samePeople(a, b)).toBe(true);
    expect(samePeople(a, c)).toBe(false);
    const owner = readPeople(new Map([[1, { ...presenceState('A', '#ff6b6b', false), role: 'owner' }]]), 1);
    expect(samePeople(a, owner)).toBe(false);
  });

  it('reads the host role the server stamped, and nothing else, as a role', () => {
    const people = readPeople(
      new Map<number, unknown>([
        [1, { ...presenceState('Ada', '#ff6b6b', false), role: 'owner' }],
        [2, { ...presenceState('Bo', '#4dabf7', false), role: 'host' }],
        [3, { ...presenceState('Cy', '#ffd43b', false), role: 'admin' }],
      ]),
      0,
    );
    expect(people.map((p) => [p.name, p.role])).toEqual([
      ['Ada', 'owner'],
      ['Bo', 'host'],
      ['Cy', null],
    ]);
  });

  it('chooses a colour nobody with a lower id wears', () => {
    const own = colourForClient(13);
    expect(chooseColour(13, [])).toBe(own);
    expect(chooseColour(13, [{ clientId: 20, color: own }])).toBe(own);
    const moved = chooseColour(13, [{ clientId: 3, color: own }]);
    expect(moved).not.toBe(own);
    expect(PERSON_COLOURS).toContain(moved);
    const everyColour = PERSON_COLOURS.map((color, i) => ({ clientId: i, color }));
    expect(chooseColour(1000, everyColour)).toBe(colourForClient(1000));
  });

  it('cleans names', () => {
    expect(cleanPersonName('  Ada  ')).toBe('Ada');
    expect(cleanPersonName('\n\t')).toBe('');
  });
});

describe('stored name', () => {
  function memoryStorage(): Storage {
    const data = new Map<string, string>();
    return {
      getItem: (key: string) => data.get(key) ?? null,
      setItem: (key: string, value: string) => void data.set(key, value),
    } as Storage;
  }

  it('remembers a cleaned name', () => {
    const storage = memoryStorage();
    expect(loadStoredName(storage)).toBeNull();
    expect(saveStoredName(storage, '  Grace Hopper ')).toBe('Grace Hopper');
    expect(storage.getItem(NAME_STORAGE_KEY)).toBe('Grace Hopper');
    expect(loadStoredName(storage)).toBe('Grace Hopper');
  });

  it('ignores empty names and storage that throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(saveStoredName(memoryStorage(), '   ')).toBeNull();
    expect(loadStoredName(throwing)).toBeNull();
    expect(saveStoredName(throwing, 'Ada')).toBe('Ada');
  });
});
