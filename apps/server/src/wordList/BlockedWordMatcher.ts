import { normalizedWords } from './normalizeWords.js';

/** One node of the phrase trie: the next words, and whether the words so far are a whole entry. */
interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  entryEnds: boolean;
}

/**
 * Finds blocked words and phrases in a prompt, as whole normalised words (see `normalizeWords.ts`).
 *
 * The entries are kept in a trie keyed by word (not by character): matching walks the trie from each word of the
 * prompt, so a check costs O(prompt words × longest entry in words) map lookups whatever the number of entries.
 * Word-level keys make the whole-word rule structural (an entry can only start and end on word boundaries), which
 * a character-level Aho-Corasick automaton would have to re-check on every hit. Built once per list, read only.
 */
export class BlockedWordMatcher {
  private readonly root: TrieNode = { next: undefined, entryEnds: false };
  /** Distinct entries (after normalisation). */
  readonly size: number;
  /** Words in the longest entry. */
  readonly longestEntryWords: number;

  /** `entries` are words or phrases as written; each must have at least one letter or digit. */
  constructor(entries: Iterable<string>) {
    let size = 0;
    let longest = 0;
    for (const entry of entries) {
      const words = normalizedWords(entry);
      if (words.length === 0) continue;
      if (this.insert(words)) size++;
      longest = Math.max(longest, words.length);
    }
    this.size = size;
    this.longestEntryWords = longest;
  }

  /** A matcher that blocks nothing. */
  static readonly EMPTY = new BlockedWordMatcher([]);

  /** Whether `text` contains any entry as whole words. */
  matches(text: string): boolean {
    if (this.size === 0) return false;
    const words = normalizedWords(text);
    for (let start = 0; start < words.length; start++) {
      let node: TrieNode | undefined = this.root;
      for (let i = start; i < words.length; i++) {
        node = node.next?.get(words[i]!);
        if (node === undefined) break;
        if (node.entryEnds) return true;
      }
    }
    return false;
  }

  /** Adds one entry; false when it was already there. */
  private insert(words: readonly string[]): boolean {
    let node = this.root;
    for (const word of words) {
      node.next ??= new Map();
      let child = node.next.get(word);
      if (child === undefined) {
        child = { next: undefined, entryEnds: false };
        node.next.set(word, child);
      }
      node = child;
    }
    const added = !node.entryEnds;
    node.entryEnds = true;
    return added;
  }
}
