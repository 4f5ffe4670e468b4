/**
 * Byte-pair encoding of one pre-token, as CLIP does it: split into characters with `</w>` on the last
 * one, then repeatedly merge the adjacent pair with the lowest merge rank until no ranked pair is left.
 */

/** Merge ranks keyed by `"left right"` (a space cannot occur inside a byte-unicode symbol). */
export type MergeRanks = ReadonlyMap<string, number>;

/** End-of-word marker CLIP appends to the last symbol of every word. */
export const END_OF_WORD = '</w>';

/**
 * Returns the BPE symbols of `word` (already byte-unicode encoded).
 * Each call is O(n^2) in the word's length; callers cache by word.
 */
export function bytePairEncode(word: string, ranks: MergeRanks): string[] {
  const symbols = Array.from(word);
  if (symbols.length === 0) return [];
  symbols[symbols.length - 1] += END_OF_WORD;
  while (symbols.length > 1) {
    let bestRank = Infinity;
    let bestPair = '';
    for (let i = 0; i < symbols.length - 1; i++) {
      const pair = `${symbols[i]!} ${symbols[i + 1]!}`;
      const rank = ranks.get(pair);
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        bestPair = pair;
      }
    }
    if (bestRank === Infinity) break;
    // Merge every non-overlapping occurrence of the best pair, left to right (as the reference does).
    const merged: string[] = [];
    for (let i = 0; i < symbols.length; i++) {
      if (i < symbols.length - 1 && `${symbols[i]!} ${symbols[i + 1]!}` === bestPair) {
        merged.push(symbols[i]! + symbols[i + 1]!);
        i++;
      } else {
        merged.push(symbols[i]!);
      }
    }
    symbols.length = 0;
    symbols.push(...merged);
  }
  return symbols;
}
