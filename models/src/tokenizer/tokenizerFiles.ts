import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BYTE_UNICODE_ALPHABET } from './byteUnicode.js';
import { END_OF_WORD, trainBpeMerges } from './bpeTrainer.js';
import { PROMPT_CORPUS } from './promptCorpus.js';

/** CLIP's start-of-text token. */
export const BOS_TOKEN = '<|startoftext|>';
/** CLIP's end-of-text token (also the unknown token, and the pad token of SDXL's first tokenizer). */
export const EOS_TOKEN = '<|endoftext|>';
/** Token count the text encoders take (model_max_length). */
export const MODEL_MAX_LENGTH = 77;
/** Upper bound on merges learned for the tiny vocabulary (the corpus runs out before this). */
export const TINY_VOCAB_MAX_MERGES = 600;

/** Which token fills the ids after EOS: SDXL tokenizer/ uses EOS, SDXL tokenizer_2/ and SD Turbo use "!" (id 0). */
export type PadToken = typeof EOS_TOKEN | '!';

/** The tiny CLIP-format vocabulary: token -> id, and the merges in priority order. */
export interface TinyVocabulary {
  vocab: Map<string, number>;
  merges: [string, string][];
}

let cached: TinyVocabulary | undefined;

/**
 * Builds the tiny vocabulary in CLIP's id order: the 256 byte characters, the same with "</w>", one token per
 * merge, then BOS and EOS last (so EOS has the largest id, which the text encoders' argmax pooling relies on).
 */
export function tinyVocabulary(): TinyVocabulary {
  if (cached !== undefined) return cached;
  const merges = trainBpeMerges(PROMPT_CORPUS, TINY_VOCAB_MAX_MERGES);
  const tokens = [
    ...BYTE_UNICODE_ALPHABET,
    ...BYTE_UNICODE_ALPHABET.map((char) => `${char}${END_OF_WORD}`),
    ...merges.map(([left, right]) => left + right),
    BOS_TOKEN,
    EOS_TOKEN,
  ];
  const vocab = new Map<string, number>();
  for (const token of tokens) if (!vocab.has(token)) vocab.set(token, vocab.size);
  cached = { vocab, merges };
  return cached;
}

/** Vocabulary size of the tiny tokenizer (the text encoders' embedding rows). */
export function tinyVocabSize(): number {
  return tinyVocabulary().vocab.size;
}

function specialToken(content: string): Record<string, unknown> {
  return { content, lstrip: false, normalized: true, rstrip: false, single_word: false };
}

/**
 * Writes vocab.json, merges.txt, tokenizer_config.json and special_tokens_map.json into `dir`, in the layout of
 * the Hugging Face CLIPTokenizer folders that SDXL Turbo and SD Turbo ship.
 */
export async function writeTokenizerFolder(dir: string, pad: PadToken): Promise<void> {
  const { vocab, merges } = tinyVocabulary();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'vocab.json'), JSON.stringify(Object.fromEntries(vocab)));
  const mergeLines = merges.map(([left, right]) => `${left} ${right}`);
  await writeFile(join(dir, 'merges.txt'), ['#version: 0.2', ...mergeLines].join('\n') + '\n');
  const config = {
    add_prefix_space: false,
    bos_token: specialToken(BOS_TOKEN),
    clean_up_tokenization_spaces: true,
    do_lower_case: true,
    eos_token: specialToken(EOS_TOKEN),
    errors: 'replace',
    model_max_length: MODEL_MAX_LENGTH,
    pad_token: pad,
    tokenizer_class: 'CLIPTokenizer',
    unk_token: specialToken(EOS_TOKEN),
  };
  await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n');
  const specialTokens = {
    bos_token: specialToken(BOS_TOKEN),
    eos_token: specialToken(EOS_TOKEN),
    pad_token: pad,
    unk_token: specialToken(EOS_TOKEN),
  };
  await writeFile(join(dir, 'special_tokens_map.json'), JSON.stringify(specialTokens, null, 2) + '\n');
}
