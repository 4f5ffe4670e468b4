import { decodeHTMLStrict } from 'entities';

/**
 * The part of `ftfy.fix_text` (ftfy 6.3, default settings) that CLIP's reference tokenizer relies on for
 * text people paste from web pages, in ftfy's order. Ported from ftfy's documented behaviour:
 *
 * 1. HTML entities that end in `;` (`&amp;`, `&#39;`, `&eacute;`) are decoded, unless the text holds a `<`
 *    (then it may be HTML source, and ftfy leaves every later line alone too).
 * 2. Mojibake: UTF-8 that was read as Windows-1252 (`cafÃ©`, `donâ€™t`) is decoded back.
 * 3. C1 control characters (U+0080–U+009F) are read as the Windows-1252 characters they stand for.
 * 4. Latin ligatures (`ﬁ`), full-width forms (`ＡＢＣ`, U+3000) and curly quotes become plain letters,
 *    spaces and straight quotes.
 * 5. Line breaks (`\r\n`, `\r`, U+2028, U+2029, U+0085) become `\n`; terminal colour escapes and
 *    invisible control characters (BOM, C0 controls but tab/newline/CR/form feed, U+206A–206F, U+FFF9–FFFC) go.
 * 6. NFC normalisation.
 *
 * Not ported (rare in pasted prompts, and heuristic in ftfy): mojibake through encodings other than
 * Windows-1252/Latin-1 (MacRoman, cp437, Cyrillic code pages), lossy sequences where a byte was replaced
 * by `�`, a space standing for a lost U+00A0, and ftfy's all-caps entity variants (`&EACUTE;`).
 * Golden values from the real ftfy are in `reference/cleaningGoldens.json`.
 */
export function fixText(text: string): string {
  // Most prompts are printable ASCII without `&`: nothing above can change them (every fix needs an entity, a byte
  // above 0x7F or a control character), so they skip a dozen regex passes per line.
  if (NOTHING_TO_FIX.test(text)) return text;
  let unescape = true;
  let out = '';
  // ftfy fixes line by line; once a line shows a `<` it stops decoding entities for the rest of the text.
  for (const line of text.match(LINE_PATTERN) ?? []) {
    if (line.includes('<')) unescape = false;
    out += fixSegment(line, unescape);
  }
  return out;
}

/** Printable ASCII, tab and newline, but no `&`: text every fix leaves as it is. */
const NOTHING_TO_FIX = /^[\t\n\x20-\x25\x27-\x7E]*$/u;

/** Lines including their `\n` (ftfy's segments). */
const LINE_PATTERN = /[^\n]*\n|[^\n]+/gu;

/** Each fix is applied until the text stops changing, as ftfy does. */
const MAX_FIX_ROUNDS = 8;

function fixSegment(segment: string, unescape: boolean): string {
  let text = segment;
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const before = text;
    if (unescape) text = unescapeTerminatedEntities(text);
    text = decodeMojibake(text);
    text = text.replace(C1_CONTROL, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
    text = text.replace(LIGATURE, (c) => LIGATURES[c] ?? c);
    text = text.replace(WIDE_FORM, (c) => (c === '\u3000' ? ' ' : c.normalize('NFKC')));
    text = text.replace(SINGLE_QUOTE, "'").replace(DOUBLE_QUOTE, '"');
    text = text.replace(/\r\n/gu, '\n').replace(/[\r\u2028\u2029\u0085]/gu, '\n');
    text = text.replace(TERMINAL_ESCAPE, '').replace(INVISIBLE_CONTROL, '');
    text = text.normalize('NFC');
    if (text === before) break;
  }
  return text;
}

const ENTITY = /&#?[0-9A-Za-z]{1,24};/gu;

function unescapeTerminatedEntities(text: string): string {
  return text.replace(ENTITY, (entity) => {
    const decoded = decodeHTMLStrict(entity);
    return decoded.includes(';') ? entity : decoded;
  });
}

/** Windows-1252 characters for bytes 0x80–0x9F; the five undefined bytes map to themselves ("sloppy" 1252). */
const WINDOWS_1252_HIGH = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'];
const BYTE_OF_1252_CHAR = new Map<string, number>(WINDOWS_1252_HIGH.map((c, i) => [c, 0x80 + i]));
const CONTINUATION = `[${WINDOWS_1252_HIGH.join('')}\u00A0-\u00BF]`;
/**
 * Runs of what UTF-8 lead and continuation bytes look like when read as Windows-1252: `Ã©` (C3 A9),
 * `â€™` (E2 80 99), `ðŸ˜€` (F0 9F 98 80).
 */
const MOJIBAKE_RUN = new RegExp(
  `(?:[\u00C2-\u00DF]${CONTINUATION}|[\u00E0-\u00EF]${CONTINUATION}{2}|[\u00F0-\u00F4]${CONTINUATION}{3})+`,
  'gu',
);
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeMojibake(text: string): string {
  return text.replace(MOJIBAKE_RUN, (run) => {
    const bytes = Uint8Array.from(run, (c) => BYTE_OF_1252_CHAR.get(c) ?? c.charCodeAt(0));
    try {
      return STRICT_UTF8.decode(bytes);
    } catch {
      return run; // not UTF-8 after all: leave the text as it was
    }
  });
}

const C1_CONTROL = /[\u0080-\u009F]/gu;

const LIGATURES: Record<string, string> = {
  'Ĳ': 'IJ', 'ĳ': 'ij', 'ŉ': 'ʼn', 'Ǳ': 'DZ', 'ǲ': 'Dz', 'ǳ': 'dz', 'Ǆ': 'DŽ', 'ǅ': 'Dž', 'ǆ': 'dž',
  'Ǉ': 'LJ', 'ǈ': 'Lj', 'ǉ': 'lj', 'Ǌ': 'NJ', 'ǋ': 'Nj', 'ǌ': 'nj',
  'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'ſt', 'ﬆ': 'st',
};
const LIGATURE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'gu');

/** Full-width and half-width forms (U+FF01–U+FFEF) and the ideographic space. */
const WIDE_FORM = /[\u3000\uFF01-\uFFEF]/gu;

const SINGLE_QUOTE = /[\u02BC\u2018-\u201B]/gu;
const DOUBLE_QUOTE = /[\u201C-\u201F]/gu;

// eslint-disable-next-line no-control-regex -- an ANSI colour escape starts with ESC
const TERMINAL_ESCAPE = /\u001B\[[\d;]*[A-Za-z]/gu;
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const INVISIBLE_CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F\u206A-\u206F\uFEFF\uFFF9-\uFFFC]/gu;
