import { decodeHTML } from 'entities';
import { fixText } from './fixText.js';

/**
 * CLIP's text cleaning, step by step as in the reference tokenizer (openai/CLIP `simple_tokenizer.py`,
 * copied unchanged into open_clip): `whitespace_clean(basic_clean(text)).lower()`, where
 *
 * - `basic_clean(text)` = `ftfy.fix_text(text)`, then `html.unescape` twice, then strip;
 * - `whitespace_clean(text)` = every whitespace run becomes one space, then strip.
 *
 * Hugging Face's slow `CLIPTokenizer` (what diffusers' SDXL pipelines load) runs `ftfy.fix_text` and the
 * whitespace step without the two extra `html.unescape` passes; the two agree except on entities that
 * ftfy leaves alone (those without `;`, or any in text that holds a `<`). We follow openai/open_clip.
 */
export function cleanClipText(text: string): string {
  return whitespaceClean(basicClean(text)).toLowerCase();
}

/** The reference's `basic_clean`: {@link fixText} (ftfy), then {@link htmlUnescape} twice, then trim. */
export function basicClean(text: string): string {
  return trimPythonWhitespace(htmlUnescape(htmlUnescape(fixText(text))));
}

/** The reference's `whitespace_clean`: each run of (Python) whitespace becomes one space; then trim. */
export function whitespaceClean(text: string): string {
  return trimPythonWhitespace(text.replace(PYTHON_WHITESPACE_RUN, ' '));
}

/**
 * Python's `html.unescape`: HTML5 named references (also the legacy ones without `;`, such as `&copy`)
 * and numeric references, with the HTML5 replacements for NUL, surrogates, out-of-range values and
 * Windows-1252 C1 numbers; references to control or non-characters decode to nothing, as Python's do.
 */
export function htmlUnescape(text: string): string {
  if (!text.includes('&')) return text;
  return decodeHTML(text.replace(NUMERIC_REFERENCE, (reference, hex?: string, decimal?: string) => {
    const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal);
    return isDroppedCodePoint(codePoint) ? '' : reference;
  }));
}

const NUMERIC_REFERENCE = /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?/gu;

/** Python's `html._invalid_codepoints` (less C1, which `_invalid_charrefs` maps to Windows-1252 first). */
function isDroppedCodePoint(codePoint: number): boolean {
  return (
    (codePoint >= 0x1 && codePoint <= 0x8) ||
    codePoint === 0xb ||
    (codePoint >= 0xe && codePoint <= 0x1f) ||
    codePoint === 0x7f ||
    (codePoint >= 0xfdd0 && codePoint <= 0xfdef) ||
    (codePoint <= 0x10ffff && (codePoint & 0xfffe) === 0xfffe)
  );
}

/**
 * Python's whitespace (`str.split()`, `\s` on str): JavaScript's `\s` differs (it has U+FEFF; it lacks
 * U+001C–U+001F and U+0085), so the class is spelled out.
 */
const PYTHON_WHITESPACE = '\\t\\n\\v\\f\\r\\u001C-\\u001F \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const PYTHON_WHITESPACE_RUN = new RegExp(`[${PYTHON_WHITESPACE}]+`, 'gu');
const PYTHON_WHITESPACE_EDGES = new RegExp(`^[${PYTHON_WHITESPACE}]+|[${PYTHON_WHITESPACE}]+$`, 'gu');

function trimPythonWhitespace(text: string): string {
  return text.replace(PYTHON_WHITESPACE_EDGES, '');
}
