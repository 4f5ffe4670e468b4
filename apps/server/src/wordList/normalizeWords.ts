/**
 * How the word list and prompts are compared: both are cut into the same normalised words, so a list entry
 * matches whatever case, accents, ligatures or full-width forms the prompt spells it with.
 *
 * 1. Unicode NFKD: compatibility forms become their plain letters (`ﬁ` → `fi`, full-width `Ａ` → `A`) and accented
 *    letters split into a base letter and combining marks (`é` → `e` + U+0301).
 * 2. Case folding: upper- then lower-case, which folds what plain lower-casing misses (`ß` → `SS` → `ss`). Upper-casing
 *    can itself produce decomposable letters, so NFKD runs once more.
 * 3. Combining marks (`\p{M}`) are removed: `café` and `cafe` are one word.
 * 4. Words are maximal runs of letters and digits (`\p{L}\p{N}`); everything else (spaces, punctuation, hyphens,
 *    apostrophes, emoji) separates words. So `ice-cream` and `ice cream` are both the words `ice`, `cream`.
 *
 * Scripts written without spaces (Chinese, Japanese, Thai) have no word boundaries this can see: a run of such
 * characters is one "word", so an entry matches only the whole run (docs/SECURITY.md, word list).
 */

const COMBINING_MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** Folds `text` for comparison: NFKD, case-folded, without combining marks (steps 1–3 above). */
export function foldText(text: string): string {
  return text.normalize('NFKD').toUpperCase().toLowerCase().normalize('NFKD').replace(COMBINING_MARKS, '');
}

/** The normalised words of `text`, in order (steps 1–4 above). */
export function normalizedWords(text: string): string[] {
  return foldText(text).match(WORD) ?? [];
}
