import { describe, expect, it } from 'vitest';
import { CloseCode, clampCloseReason, closeCodeName, isSendableCloseCode } from './closeCodes.js';
import { parseRoomPath } from './roomId.js';

describe('close codes', () => {
  it('every named code is sendable', () => {
    for (const code of Object.values(CloseCode)) expect(isSendableCloseCode(code)).toBe(true);
  });

  it('rejects reserved and out-of-range codes', () => {
    for (const code of [0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 4401.5, Number.NaN]) {
      expect(isSendableCloseCode(code)).toBe(false);
    }
  });

  it('names codes', () => {
    expect(closeCodeName(4409)).toBe('RoomFull');
    expect(closeCodeName(4000)).toBeUndefined();
  });

  it('clamps reasons to 123 bytes without splitting characters', () => {
    const reason = clampCloseReason('é'.repeat(100));
    expect(new TextEncoder().encode(reason).length).toBeLessThanOrEqual(123);
    expect(reason).toBe('é'.repeat(61));
  });
});

describe('parseRoomPath', () => {
  it('accepts valid room ids with a query string', () => {
    expect(parseRoomPath('/rooms/violet-otter-42?token=abc')).toEqual({ roomId: 'violet-otter-42' });
  });

  it.each([
    ['/rooms/', 'empty'],
    ['/rooms/../etc', 'traversal'],
    ['/rooms/%2e%2e', 'encoded traversal'],
    ['/rooms/a%00b', 'NUL'],
    ['/rooms/a b', 'space'],
    [`/rooms/${'x'.repeat(65)}`, 'too long'],
    ['/other/room', 'wrong prefix'],
    ['/rooms/a/b', 'nested'],
  ])('rejects %s (%s)', (path) => {
    expect(parseRoomPath(path)).toHaveProperty('error');
  });
});
