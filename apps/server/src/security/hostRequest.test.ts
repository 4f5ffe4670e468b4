import { describe, expect, it } from 'vitest';
import { readHostRequest } from './hostRequest.js';

describe('readHostRequest', () => {
  it('reads each action with its value and who asked', () => {
    expect(readHostRequest({ lock: 'sketch', by: ' Ada ' })).toEqual({ change: { action: 'lock', field: 'sketch' }, by: 'Ada' });
    expect(readHostRequest({ viewerOnly: false })).toEqual({ change: { action: 'viewer-only', on: false }, by: '' });
    expect(readHostRequest({ clear: 'prompt' })).toEqual({ change: { action: 'clear', field: 'prompt' }, by: '' });
    expect(readHostRequest({ undoClear: 'sketch' })).toEqual({ change: { action: 'undo-clear', field: 'sketch' }, by: '' });
    expect(readHostRequest({ remove: 4_294_967_295 })).toEqual({ change: { action: 'remove', clientId: 4_294_967_295 }, by: '' });
    expect(readHostRequest({ promote: 7 })).toEqual({ change: { action: 'promote', clientId: 7 }, by: '' });
    expect(readHostRequest({ demote: 8, by: 'Ada' })).toEqual({ change: { action: 'demote', clientId: 8 }, by: 'Ada' });
  });

  it('names what is wrong with a bad body', () => {
    for (const body of [{}, { lock: 'prompt', unlock: 'prompt' }, { lock: 'everything' }, { clear: 'params' }, { viewerOnly: 1 }, { remove: -1 }, { promote: 1.5 }, { demote: 2 ** 32 }, { remove: '12' }, { lock: 'prompt', by: 7 }, { lock: 'prompt', by: 'x'.repeat(41) }]) {
      expect(readHostRequest(body), JSON.stringify(body)).toMatchObject({ error: expect.any(String) });
    }
  });
});
