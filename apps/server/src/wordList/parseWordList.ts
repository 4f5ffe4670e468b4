import { BlockedWordMatcher } from './BlockedWordMatcher.js';
import { normalizedWords } from './normalizeWords.js';

/** Largest word-list file read, in bytes. */
export const MAX_WORD_LIST_BYTES = 4 * 1024 * 1024;
/** Most entries in one list. */
export const MAX_WORD_LIST_ENTRIES = 100_000;
/** Most words in one entry (bounds the cost of one match step). */
export const MAX_ENTRY_WORDS = 16;

/** A parsed list, or why the file cannot be used (the line number is 1-based). */
export type ParsedWordList = { matcher: BlockedWordMatcher } | { error: string };

/**
 * Parses a word-list file: UTF-8 text, one word or phrase per line; blank lines and lines starting with `#`
 * are ignored. Refuses (as a value, never by throwing) a file that is not UTF-8, is over {@link MAX_WORD_LIST_BYTES},
 * has over {@link MAX_WORD_LIST_ENTRIES} entries, or a line with no letter or digit or over {@link MAX_ENTRY_WORDS}
 * words, so a typo never silently blocks nothing (or everything).
 */
export function parseWordList(bytes: Uint8Array): ParsedWordList {
  if (bytes.byteLength > MAX_WORD_LIST_BYTES) return { error: `the file is ${bytes.byteLength} bytes, over ${MAX_WORD_LIST_BYTES}` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { error: 'the file is not UTF-8 text' };
  }
  const entries: string[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = normalizedWords(line).length;
    if (words === 0) return { error: `line ${index + 1} has no letter or digit: ${JSON.stringify(line.slice(0, 40))}` };
    if (words > MAX_ENTRY_WORDS) return { error: `line ${index + 1} has ${words} words, over ${MAX_ENTRY_WORDS}` };
    entries.push(line);
    if (entries.length > MAX_WORD_LIST_ENTRIES) return { error: `the file has over ${MAX_WORD_LIST_ENTRIES} entries` };
  }
  return { matcher: new BlockedWordMatcher(entries) };
}
