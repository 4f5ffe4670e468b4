import { describe, expect, it } from 'vitest';
import { connectionParams } from './RoomClient';
import { embedSnippet, readPageToken, roomLink, shortLink, shortLinkLines, showLink } from './shareLinks';

describe('share links', () => {
  it('builds room links and an iframe snippet', () => {
    expect(roomLink('http://10.0.0.5:3000/', 'teal-owl-17')).toBe('http://10.0.0.5:3000/r/teal-owl-17');
    expect(embedSnippet('https://jam.example', 'teal-owl-17')).toContain('<iframe src="https://jam.example/embed/teal-owl-17"');
    expect(roomLink('https://jam.example', 'teal-owl-17', 'ab.c-d_e')).toBe('https://jam.example/r/teal-owl-17?token=ab.c-d_e');
    // A private room's snippet carries its (viewer) token.
    expect(embedSnippet('https://jam.example', 'teal-owl-17', 'vw.t-k')).toContain('<iframe src="https://jam.example/embed/teal-owl-17?token=vw.t-k"');
  });

  it('builds the projector link and the short form people type from a screen', () => {
    expect(showLink('http://10.0.0.5:3000/', 'teal-owl-17')).toBe('http://10.0.0.5:3000/show/teal-owl-17');
    expect(showLink('https://jam.example', 'teal-owl-17', 'ab.c')).toBe('https://jam.example/show/teal-owl-17?token=ab.c');
    expect(shortLink('https://jam.example/r/teal-owl-17')).toBe('jam.example/r/teal-owl-17');
    expect(shortLink('http://10.0.0.5:3000/r/x/')).toBe('10.0.0.5:3000/r/x');
  });

  it('splits a short link into its host and path lines for the projector', () => {
    expect(shortLinkLines('10.0.0.5:3000/r/teal-owl-17')).toEqual(['10.0.0.5:3000', '/r/teal-owl-17']);
    expect(shortLinkLines('jam.example')).toEqual(['jam.example']);
    expect(shortLinkLines('')).toEqual(['']);
  });

  it('passes on only well-formed tokens', () => {
    expect(readPageToken('?token=eyJ2IjoxfQ.c2ln')).toBe('eyJ2IjoxfQ.c2ln');
    expect(readPageToken('?token=')).toBeNull();
    expect(readPageToken('?token=%3Cscript%3E')).toBeNull();
    expect(readPageToken(`?token=${'a'.repeat(3000)}`)).toBeNull();
    expect(readPageToken('')).toBeNull();
  });

  it('asks for a read-only connection for viewers and forwards the token', () => {
    expect(connectionParams('viewer', null)).toEqual({ view: '1' });
    expect(connectionParams('editor', 'tok')).toEqual({ token: 'tok' });
    expect(connectionParams('editor', undefined)).toEqual({});
    expect(connectionParams('viewer', 'tok', 'seat-0123456789abcdef')).toEqual({ token: 'tok', seat: 'seat-0123456789abcdef', view: '1' });
    expect(connectionParams('editor', null, '')).toEqual({});
  });
});
