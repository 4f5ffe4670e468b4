import { describe, expect, it } from 'vitest';
import { MAX_ENTRY_WORDS, MAX_WORD_LIST_BYTES, parseWordList } from './parseWordList.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseWordList', () => {
  it('reads one entry a line, skipping blank lines and # comments, with CRLF line ends', () => {
    const parsed = parseWordList(utf8('# operator list\r\ncat\r\n\r\n  hot dog  \r\n#dog\n'));
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.matcher.size).toBe(2);
    expect(parsed.matcher.matches('a hot dog')).toBe(true);
    expect(parsed.matcher.matches('a dog')).toBe(false);
  });

  it('an empty file is a valid list that blocks nothing', () => {
    const parsed = parseWordList(utf8(''));
    expect('matcher' in parsed && parsed.matcher.size).toBe(0);
  });

  it('refuses bytes that are not UTF-8, naming the problem', () => {
    expect(parseWordList(new Uint8Array([0x63, 0x61, 0xff, 0x74]))).toEqual({ error: 'the file is not UTF-8 text' });
  });

  it('refuses a line with no letter or digit, with its line number', () => {
    const parsed = parseWordList(utf8('cat\n---\n'));
    expect(parsed).toEqual({ error: 'line 2 has no letter or digit: "---"' });
  });

  it('refuses an entry over the word limit and a file over the byte limit', () => {
    const long = Array.from({ length: MAX_ENTRY_WORDS + 1 }, (_, i) => `w${i}`).join(' ');
    expect(parseWordList(utf8(long))).toHaveProperty('error', `line 1 has ${MAX_ENTRY_WORDS + 1} words, over ${MAX_ENTRY_WORDS}`);
    expect(parseWordList(new Uint8Array(MAX_WORD_LIST_BYTES + 1))).toHaveProperty('error');
  });
});
