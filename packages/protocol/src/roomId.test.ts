import { describe, expect, it } from 'vitest';
import { canonicalRoomId, isValidRoomId, parseRoomPath } from './roomId.js';

describe('canonicalRoomId: one name per room', () => {
  it.each([
    ['violet-otter-42', 'violet-otter-42'],
    ['Violet Otter 42', 'violet-otter-42'],
    ['  VIOLET-OTTER-42  ', 'violet-otter-42'],
    ['Violet_Otter_42', 'violet-otter-42'],
    ['violet  otter\t42', 'violet-otter-42'],
    ['violet--otter__42', 'violet-otter-42'],
    ['-violet-otter-42_', 'violet-otter-42'],
    ['ＶｉｏｌｅｔＯｔｔｅｒ４２', 'violetotter42'],
    ['violet\u00a0otter\u300042', 'violet-otter-42'],
  ])('%j -> %s', (name, canonical) => {
    expect(canonicalRoomId(name)).toEqual({ roomId: canonical });
  });

  it('is idempotent, and every canonical id is valid', () => {
    for (const name of ['Violet Otter 42', 'a', 'A_b-C', '9']) {
      const first = canonicalRoomId(name);
      if (!('roomId' in first)) throw new Error(first.error);
      expect(isValidRoomId(first.roomId)).toBe(true);
      expect(canonicalRoomId(first.roomId)).toEqual(first);
    }
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['-_-', 'no letter or digit'],
    ['café', 'accented letter'],
    ['../etc/passwd', 'traversal'],
    ['a%20b', 'percent escape'],
    ['a\u0000b', 'NUL'],
    ['x'.repeat(65), 'too long'],
    ['x'.repeat(10_000), 'far too long'],
  ])('refuses %j (%s) with a reason', (name) => {
    const result = canonicalRoomId(name);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error.length).toBeGreaterThan(10);
  });

  it('isValidRoomId accepts only canonical ids', () => {
    expect(isValidRoomId('violet-otter-42')).toBe(true);
    for (const id of ['Violet-Otter-42', 'violet_otter', 'violet--otter', '-a', 'a-', '', 42]) expect(isValidRoomId(id)).toBe(false);
  });
});

describe('parseRoomPath canonicalises spellings of the raw path', () => {
  it('joins every spelling of a room to its canonical id', () => {
    for (const path of ['/rooms/violet-otter-42', '/rooms/Violet-Otter-42?token=t', '/rooms/VIOLET_OTTER_42']) {
      expect(parseRoomPath(path)).toEqual({ roomId: 'violet-otter-42' });
    }
  });

  it.each(['/rooms/Violet%20Otter', '/rooms/violet-otter-42%', '/rooms/%A0', '/rooms/---', '/rooms/__'])('refuses %s', (path) => {
    expect(parseRoomPath(path)).toHaveProperty('error');
  });
});
