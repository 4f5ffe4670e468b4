import { describe, expect, it } from 'vitest';
import { wordsRead } from './promptReach';

describe('wordsRead', () => {
  it('scales the words by the share of tokens read', () => {
    const prompt = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    expect(wordsRead(prompt, { used: 75, total: 150, limit: 75, truncated: true })).toBe(150);
  });

  it('is undefined when the whole prompt was read or nothing is known', () => {
    expect(wordsRead('a red kite', { used: 3, total: 3, limit: 75, truncated: false })).toBeUndefined();
    expect(wordsRead('a red kite', undefined)).toBeUndefined();
  });
});
