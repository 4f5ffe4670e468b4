/**
 * GPT-2/CLIP's reversible byte -> unicode table. Byte-level BPE works on strings of "visible" characters:
 * printable Latin-1 bytes map to themselves, the other 68 bytes (controls, space, 0x7f-0xa0, 0xad) map to
 * code points 256 and up, in byte order. Every byte therefore has a one-character base token.
 */

/** `BYTE_TO_UNICODE[b]` is the one-character string that byte `b` becomes before BPE. */
export const BYTE_TO_UNICODE: readonly string[] = buildByteToUnicode();

function buildByteToUnicode(): string[] {
  const isVisible = (b: number): boolean =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = new Array<string>(256);
  let next = 256;
  for (let b = 0; b < 256; b++) {
    table[b] = String.fromCharCode(isVisible(b) ? b : next++);
  }
  return table;
}

const utf8 = new TextEncoder();

/** Encodes a pre-token's UTF-8 bytes as the byte-unicode string BPE runs on. */
export function encodeBytes(text: string): string {
  // Fast path: ASCII without controls or space maps to itself.
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) {
      ascii = false;
      break;
    }
  }
  if (ascii) return text;
  let out = '';
  for (const byte of utf8.encode(text)) out += BYTE_TO_UNICODE[byte]!;
  return out;
}
