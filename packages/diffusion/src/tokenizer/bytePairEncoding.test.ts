import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../random/SeededRandom.js';
import { bytePairEncode, END_OF_WORD } from './bytePairEncoding.js';

/** CLIP's reference loop, written plainly: the oracle the incremental version must match merge for merge. */
function referenceBytePairEncode(word: string, ranks: ReadonlyMap<string, number>): string[] {
  let symbols = Array.from(word);
  if (symbols.length === 0) return [];
  symbols[symbols.length - 1] += END_OF_WORD;
  for (;;) {
    let best: string | undefined;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const pair = `${symbols[i]} ${symbols[i + 1]}`;
      if (ranks.has(pair) && (best === undefined || ranks.get(pair)! < ranks.get(best)!)) best = pair;
    }
    if (best === undefined) return symbols;
    const merged: string[] = [];
    for (let i = 0; i < symbols.length; i++) {
      if (i + 1 < symbols.length && `${symbols[i]} ${symbols[i + 1]}` === best) merged.push(symbols[i]! + symbols[++i]!);
      else merged.push(symbols[i]!);
    }
    symbols = merged;
  }
}

describe('bytePairEncode', () => {
  it('merges every non-overlapping occurrence of the best pair, left to right', () => {
    const ranks = new Map([
      ['a a', 0],
      ['aa a</w>', 1],
    ]);
    // a a a a</w>: "a a" occurs at 0-1 and 1-2 (2-3 is "a a</w>", not ranked). Left to right, 0-1 merges and 1-2
    // overlaps it: aa a a</w>. Then only "aa a</w>" is ranked, and "aa a" is not a pair of it: done.
    expect(bytePairEncode('aaaa', ranks)).toEqual(['aa', 'a', `a${END_OF_WORD}`]);
    expect(bytePairEncode('aaa', ranks)).toEqual([`aaa${END_OF_WORD}`]);
    expect(bytePairEncode('', ranks)).toEqual([]);
    expect(bytePairEncode('b', ranks)).toEqual([`b${END_OF_WORD}`]);
  });

  it('gives the reference loop\'s symbols on thousands of random words and merge tables', () => {
    const random = new SeededRandom(7);
    const alphabet = ['a', 'b', 'c'];
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random.nextFloat() * items.length)]!;
    for (let table = 0; table < 40; table++) {
      // Symbols the merges can build: letters, pairs of them, and end-of-word forms.
      const pieces = [...alphabet, ...alphabet.flatMap((x) => alphabet.map((y) => x + y))];
      const ranks = new Map<string, number>();
      while (ranks.size < 30) {
        const right = pick(pieces);
        ranks.set(`${pick(pieces)} ${random.nextFloat() < 0.3 ? right + END_OF_WORD : right}`, ranks.size);
      }
      for (let w = 0; w < 100; w++) {
        const word = Array.from({ length: 1 + Math.floor(random.nextFloat() * 9) }, () => pick(alphabet)).join('');
        expect(bytePairEncode(word, ranks)).toEqual(referenceBytePairEncode(word, ranks));
      }
    }
  });
});
