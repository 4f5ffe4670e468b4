import { describe, expect, it } from 'vitest';
import { BlockedWordMatcher } from './BlockedWordMatcher.js';
import { foldText, normalizedWords } from './normalizeWords.js';

describe('normalizedWords', () => {
  it('folds case, accents, ligatures, full-width forms and ß', () => {
    expect(normalizedWords('Crème BRÛLÉE')).toEqual(['creme', 'brulee']);
    expect(normalizedWords('ﬁsh ＡＢＣ')).toEqual(['fish', 'abc']);
    expect(normalizedWords('Straße')).toEqual(['strasse']);
    expect(foldText('ÅNGSTRÖM')).toBe('angstrom');
  });

  it('splits on punctuation, hyphens, apostrophes and emoji, keeping digits and non-Latin letters', () => {
    expect(normalizedWords("ice-cream, don't 🚀 r2d2 Ωmega")).toEqual(['ice', 'cream', 'don', 't', 'r2d2', 'ωmega']);
    expect(normalizedWords('  ...  ')).toEqual([]);
  });
});

describe('BlockedWordMatcher', () => {
  const matcher = new BlockedWordMatcher(['cat', 'Hot Dog', 'crème brûlée', 'ass']);

  it('matches whole words whatever their case or accents', () => {
    expect(matcher.matches('a CAT on a mat')).toBe(true);
    expect(matcher.matches('a Cât!')).toBe(true);
    expect(matcher.matches('creme brulee with berries')).toBe(true);
  });

  it('never matches inside another word (no Scunthorpe problem)', () => {
    expect(matcher.matches('a catalogue of bass and classic glass')).toBe(false);
    expect(matcher.matches('concatenate')).toBe(false);
  });

  it('matches phrases across any separators, but only as consecutive words', () => {
    expect(matcher.matches('a hot-dog stand')).toBe(true);
    expect(matcher.matches('HOT\n\tdog')).toBe(true);
    expect(matcher.matches('a hot sunny dog')).toBe(false);
    expect(matcher.matches('hot')).toBe(false);
    expect(matcher.matches('a hot hot dog')).toBe(true);
  });

  it('finds an entry at the very start and end of the prompt', () => {
    expect(matcher.matches('cat')).toBe(true);
    expect(matcher.matches('look: hot dog')).toBe(true);
  });

  it('counts distinct entries after normalisation and ignores entries with no words', () => {
    const list = new BlockedWordMatcher(['Cat', 'cat', 'CÂT', '!!!', 'big cat']);
    expect(list.size).toBe(2);
    expect(list.longestEntryWords).toBe(2);
    expect(BlockedWordMatcher.EMPTY.matches('anything at all')).toBe(false);
  });

  it('a shorter entry inside a longer phrase still matches on its own', () => {
    const list = new BlockedWordMatcher(['big red dog', 'red']);
    expect(list.matches('a red barn')).toBe(true);
    expect(list.matches('big red')).toBe(true);
    expect(new BlockedWordMatcher(['big red dog']).matches('big red')).toBe(false);
  });
});
