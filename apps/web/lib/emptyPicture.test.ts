import { describe, expect, it } from 'vitest';
import { emptyPicture } from './emptyPicture';

describe('emptyPicture', () => {
  it('says connecting, with a spinner, only while the page is on its way into the room', () => {
    for (const state of ['connecting', 'syncing', 'reconnecting', 'waiting'] as const) {
      expect(emptyPicture(state, 'Type a prompt')).toEqual({ text: 'Connecting to the room server…', pending: true });
    }
    expect(emptyPicture('connected', 'Type a prompt')).toEqual({ text: 'Type a prompt', pending: true });
  });

  it('a page the server turned away for good shows no spinner and does not claim to be connecting', () => {
    expect(emptyPicture('closed', 'Type a prompt')).toEqual({ text: 'Not connected to this room', pending: false });
  });
});
