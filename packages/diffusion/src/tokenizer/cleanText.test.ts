import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { basicClean, cleanClipText, htmlUnescape, whitespaceClean } from './cleanText.js';
import { fixText } from './fixText.js';
import { loadTokenizer } from './loadTokenizer.js';

/** One case of `reference/cleaningGoldens.json`: each intermediate string of the reference's cleaning. */
interface CleaningGolden {
  text: string;
  fixText: string;
  htmlUnescape: string;
  basicClean: string;
  whitespaceClean: string;
  clean: string;
  tokens: number[];
}

/** Made by `reference/makeCleaningGoldens.py` with the real ftfy 6.3.1 and open_clip's tokenizer. */
const GOLDENS = (
  JSON.parse(readFileSync(fileURLToPath(new URL('./reference/cleaningGoldens.json', import.meta.url)), 'utf8')) as {
    cases: CleaningGolden[];
  }
).cases;

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLIP_DIR = join(REPO_ROOT, '..', 'shared', 'data', 'clip-tokenizer');
const HAVE_CLIP = existsSync(join(CLIP_DIR, 'vocab.json'));

describe('CLIP text cleaning, step by step against the reference (ftfy 6.3.1 + open_clip)', () => {
  it.each(GOLDENS)('ftfy.fix_text: $text', (golden) => {
    expect(fixText(golden.text)).toBe(golden.fixText);
  });

  it.each(GOLDENS)('html.unescape twice: $text', (golden) => {
    expect(htmlUnescape(htmlUnescape(golden.fixText))).toBe(golden.htmlUnescape);
  });

  it.each(GOLDENS)('basic_clean, whitespace_clean, lower: $text', (golden) => {
    expect(basicClean(golden.text)).toBe(golden.basicClean);
    expect(whitespaceClean(golden.basicClean)).toBe(golden.whitespaceClean);
    expect(cleanClipText(golden.text)).toBe(golden.clean);
  });

  it.skipIf(!HAVE_CLIP)('gives the reference token ids for every case', async () => {
    const tokenizer = await loadTokenizer(CLIP_DIR);
    for (const golden of GOLDENS) expect(tokenizer.encodeTokens(golden.text), golden.text).toEqual(golden.tokens);
  });

  it('leaves plain prompts alone and is idempotent', () => {
    for (const text of ['a photo of a cat', 'isometric pixel-art castle at sunset', 'café au lait ☕']) {
      expect(cleanClipText(text)).toBe(text);
      expect(cleanClipText(cleanClipText(text))).toBe(text);
    }
  });

  it('does not decode text that only looks like mojibake but is not UTF-8', () => {
    expect(fixText('Ã and â€ alone')).toBe('Ã and â€ alone');
  });
});

describe('fixText fast path', () => {
  it('returns printable ASCII without an entity as it is, and still fixes text with one', () => {
    for (const text of ['a red fox in the snow', 'tab\there, new\nline', "it's \"quoted\" ~ {braces} [x] (y) 100% #1 @me", '']) {
      expect(fixText(text)).toBe(text);
    }
    expect(fixText('salt &amp; pepper')).toBe('salt & pepper');
    expect(fixText('cr\r\nlf')).toBe('cr\nlf');
  });
});
