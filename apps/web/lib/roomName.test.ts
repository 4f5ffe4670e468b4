import { isValidRoomId } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { generateRoomName, parseRoomNameInput } from './roomName';

/** A seeded linear congruential generator, so the "random" names are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

describe('generateRoomName', () => {
  it('makes adjective-animal-number names that are valid room ids', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const name = generateRoomName(random);
      expect(name).toMatch(/^[a-z]+-[a-z]+-[1-9][0-9]$/);
      expect(isValidRoomId(name)).toBe(true);
    }
  });

  it('varies: 200 names from one seed are mostly distinct', () => {
    const random = seededRandom(99);
    const names = new Set(Array.from({ length: 200 }, () => generateRoomName(random)));
    expect(names.size).toBeGreaterThan(190);
  });

  it('stays in range at the edges of the random source', () => {
    expect(generateRoomName(() => 0)).toBe('amber-badger-10');
    expect(generateRoomName(() => 0.999_999_999)).toBe('zesty-yak-99');
  });
});

describe('parseRoomNameInput', () => {
  it('accepts a plain name and trims it', () => {
    expect(parseRoomNameInput('  violet-otter-42 ')).toEqual({ roomId: 'violet-otter-42' });
  });

  it('turns spoken spaces into dashes', () => {
    expect(parseRoomNameInput('violet otter 42')).toEqual({ roomId: 'violet-otter-42' });
  });

  it('reads the room out of a pasted room or embed link', () => {
    expect(parseRoomNameInput('http://10.0.0.5:3000/r/teal-owl-17?x=1')).toEqual({ roomId: 'teal-owl-17' });
    expect(parseRoomNameInput('https://jam.example/embed/teal-owl-17')).toEqual({ roomId: 'teal-owl-17' });
  });

  it("keeps a pasted invite link's token (a private room refuses the person without it)", () => {
    expect(parseRoomNameInput(' https://jam.example/r/Teal-Owl-17?token=abc.DEF_-9#x ')).toEqual({ roomId: 'teal-owl-17', token: 'abc.DEF_-9' });
    expect(parseRoomNameInput('https://jam.example/embed/teal-owl-17?view=1&token=v.1')).toEqual({ roomId: 'teal-owl-17', token: 'v.1' });
    expect(parseRoomNameInput('https://jam.example/r/teal-owl-17#token=no')).toEqual({ roomId: 'teal-owl-17' });
    expect(parseRoomNameInput('https://jam.example/r/teal-owl-17?token=<script>')).toEqual({ roomId: 'teal-owl-17' });
  });

  it('rejects empty, too long and illegal names with a reason', () => {
    expect(parseRoomNameInput('   ')).toHaveProperty('error');
    expect(parseRoomNameInput('a'.repeat(65))).toHaveProperty('error');
    expect(parseRoomNameInput('../etc/passwd')).toHaveProperty('error');
    expect(parseRoomNameInput('café')).toHaveProperty('error');
  });

  it('opens the canonical room for any spelling of its name (one room per name)', () => {
    for (const typed of ['Violet Otter 42', 'VIOLET-OTTER-42', 'violet_otter_42', ' violet  otter 42 ', 'http://jam.example/r/Violet-Otter-42?token=t']) {
      expect(parseRoomNameInput(typed)).toMatchObject({ roomId: 'violet-otter-42' });
    }
  });
});
