/**
 * Byte-pair encoding of one pre-token, as CLIP does it: split into characters with `</w>` on the last
 * one, then repeatedly merge the adjacent pair with the lowest merge rank until no ranked pair is left.
 */

/** Merge ranks keyed by `"left right"` (a space cannot occur inside a byte-unicode symbol). */
export type MergeRanks = ReadonlyMap<string, number>;

/** End-of-word marker CLIP appends to the last symbol of every word. */
export const END_OF_WORD = '</w>';

/**
 * Returns the BPE symbols of `word` (already byte-unicode encoded), exactly as the reference loop does: find the
 * adjacent pair with the lowest rank, merge each of its non-overlapping occurrences left to right, repeat. A rank
 * names one pair, so the pass merges where the pair's rank is the lowest. Each pair's rank is looked up once: after a
 * merge only the pairs that touch a merged symbol are looked up again (the first-seen path of every new word).
 * Callers cache by word.
 */
export function bytePairEncode(word: string, ranks: MergeRanks): string[] {
  let symbols = Array.from(word);
  if (symbols.length === 0) return [];
  symbols[symbols.length - 1] += END_OF_WORD;
  // pairRanks[i]: the merge rank of symbols[i] and symbols[i + 1] (Infinity: not a merge).
  let pairRanks = new Array<number>(symbols.length - 1);
  for (let i = 0; i < pairRanks.length; i++) pairRanks[i] = rankOf(symbols[i]!, symbols[i + 1]!, ranks);
  while (symbols.length > 1) {
    let best = Infinity;
    for (const rank of pairRanks) if (rank < best) best = rank;
    if (best === Infinity) break;
    const merged: string[] = [];
    // Where each new symbol started among the old ones, or -1 for a merged one.
    const from: number[] = [];
    for (let i = 0; i < symbols.length; i++) {
      if (i < symbols.length - 1 && pairRanks[i] === best) {
        merged.push(symbols[i]! + symbols[i + 1]!);
        from.push(-1);
        i++;
      } else {
        merged.push(symbols[i]!);
        from.push(i);
      }
    }
    const next = new Array<number>(merged.length - 1);
    for (let j = 0; j < next.length; j++) {
      const left = from[j]!;
      // Two untouched neighbours were neighbours before: their rank carries over.
      next[j] = left >= 0 && from[j + 1] === left + 1 ? pairRanks[left]! : rankOf(merged[j]!, merged[j + 1]!, ranks);
    }
    symbols = merged;
    pairRanks = next;
  }
  return symbols;
}

function rankOf(left: string, right: string, ranks: MergeRanks): number {
  return ranks.get(`${left} ${right}`) ?? Infinity;
}
