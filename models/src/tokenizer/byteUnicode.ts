/**
 * CLIP's byte-to-unicode table: each of the 256 byte values gets a printable character so that BPE can work on
 * strings. Printable Latin-1 bytes map to themselves; the rest map to U+0100 onwards in byte order. The order of
 * `BYTE_UNICODE_ALPHABET` is the order of the first 256 ids in every CLIP vocab.json ("!" is id 0).
 */

function buildAlphabet(): { alphabet: string[]; byteToChar: string[] } {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const byteToChar: string[] = new Array<string>(256);
  const alphabet: string[] = [];
  for (const b of printable) {
    byteToChar[b] = String.fromCharCode(b);
    alphabet.push(String.fromCharCode(b));
  }
  let next = 0;
  for (let b = 0; b < 256; b++) {
    if (byteToChar[b] !== undefined) continue;
    const char = String.fromCharCode(256 + next++);
    byteToChar[b] = char;
    alphabet.push(char);
  }
  return { alphabet, byteToChar };
}

const TABLE = buildAlphabet();

/** The 256 base characters in vocab id order. */
export const BYTE_UNICODE_ALPHABET: readonly string[] = TABLE.alphabet;

/** Maps UTF-8 text to its byte-unicode characters (one character per byte). */
export function textToByteUnicode(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += TABLE.byteToChar[byte];
  return out;
}

/** CLIP's pre-tokenizer pattern: special tokens, English contractions, letter runs, single digits, symbol runs. */
export const CLIP_PRETOKENIZE_PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+/giu;

/** Splits lower-cased, whitespace-normalised text into CLIP words (before byte mapping). */
export function clipWords(text: string): string[] {
  const cleaned = text.replace(/\s+/g, ' ').trim().toLowerCase();
  return cleaned.match(CLIP_PRETOKENIZE_PATTERN) ?? [];
}
