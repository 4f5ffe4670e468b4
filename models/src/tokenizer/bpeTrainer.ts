import { clipWords, textToByteUnicode } from './byteUnicode.js';

/** The end-of-word marker CLIP appends to the last symbol of every word. */
export const END_OF_WORD = '</w>';

/**
 * Learns byte-level BPE merges from `corpus` the way CLIP's vocabulary was built: words are byte-unicode symbol
 * sequences whose last symbol carries "</w>"; each round merges the most frequent adjacent pair (ties broken by
 * the pair's text, so the result is deterministic). Returns merges in priority order.
 */
export function trainBpeMerges(corpus: string, maxMerges: number): [string, string][] {
  const wordCounts = new Map<string, number>();
  for (const word of clipWords(corpus)) {
    const mapped = textToByteUnicode(word);
    wordCounts.set(mapped, (wordCounts.get(mapped) ?? 0) + 1);
  }
  const words = [...wordCounts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([word, count]) => ({ symbols: toSymbols(word), count }));

  const merges: [string, string][] = [];
  while (merges.length < maxMerges) {
    const best = mostFrequentPair(words);
    if (best === undefined) break;
    merges.push(best);
    for (const word of words) word.symbols = applyMerge(word.symbols, best);
  }
  return merges;
}

function toSymbols(word: string): string[] {
  const symbols = [...word];
  const last = symbols.length - 1;
  symbols[last] = `${symbols[last]}${END_OF_WORD}`;
  return symbols;
}

function mostFrequentPair(words: readonly { symbols: string[]; count: number }[]): [string, string] | undefined {
  const counts = new Map<string, number>();
  for (const { symbols, count } of words) {
    for (let index = 0; index + 1 < symbols.length; index++) {
      const key = `${symbols[index]} ${symbols[index + 1]}`;
      counts.set(key, (counts.get(key) ?? 0) + count);
    }
  }
  let bestKey: string | undefined;
  let bestCount = 1; // a pair seen once teaches nothing; stop there
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && bestKey !== undefined && key < bestKey)) {
      bestKey = key;
      bestCount = count;
    }
  }
  if (bestKey === undefined) return undefined;
  const [left, right] = bestKey.split(' ');
  return [left as string, right as string];
}

function applyMerge(symbols: string[], [left, right]: [string, string]): string[] {
  const out: string[] = [];
  for (let index = 0; index < symbols.length; index++) {
    if (symbols[index] === left && symbols[index + 1] === right) {
      out.push(left + right);
      index++;
    } else {
      out.push(symbols[index] as string);
    }
  }
  return out;
}
