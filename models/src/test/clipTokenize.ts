import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clipWords, textToByteUnicode } from '../tokenizer/byteUnicode.js';
import { END_OF_WORD } from '../tokenizer/bpeTrainer.js';

/** Test-only CLIP BPE tokenizer over a tokenizer folder, to feed the tiny text encoders real ids. */
export interface ClipTokenizer {
  encode(text: string): number[];
}

/** Loads vocab.json, merges.txt and the pad token of a tokenizer folder. */
export async function loadClipTokenizer(dir: string): Promise<ClipTokenizer> {
  const vocab = JSON.parse(await readFile(join(dir, 'vocab.json'), 'utf8')) as Record<string, number>;
  const mergeLines = (await readFile(join(dir, 'merges.txt'), 'utf8')).split('\n').slice(1).filter((l) => l !== '');
  const config = JSON.parse(await readFile(join(dir, 'tokenizer_config.json'), 'utf8')) as { pad_token: string };
  return clipTokenizer(vocab, mergeLines, config.pad_token);
}

/** Builds the tokenizer from vocab, merge lines ("a b") and the pad token text. */
export function clipTokenizer(vocab: Record<string, number>, mergeLines: string[], padToken: string): ClipTokenizer {
  const ranks = new Map(mergeLines.map((line, rank) => [line, rank]));
  const idOf = (token: string): number => {
    const id = vocab[token];
    if (id === undefined) throw new Error(`token ${token} missing from vocab`);
    return id;
  };
  const bpe = (word: string): string[] => {
    let symbols = [...word];
    symbols[symbols.length - 1] += END_OF_WORD;
    for (;;) {
      let best: number | undefined;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const rank = ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (rank !== undefined && rank < bestRank) [best, bestRank] = [i, rank];
      }
      if (best === undefined) return symbols;
      const [left, right] = [symbols[best], symbols[best + 1]];
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (symbols[i] === left && symbols[i + 1] === right) {
          merged.push(`${left}${right}`);
          i++;
        } else {
          merged.push(symbols[i] as string);
        }
      }
      symbols = merged;
    }
  };
  return {
    encode(text: string): number[] {
      const tokens = clipWords(text).flatMap((word) => bpe(textToByteUnicode(word)).map(idOf));
      const ids = [idOf('<|startoftext|>'), ...tokens.slice(0, 75), idOf('<|endoftext|>')];
      while (ids.length < 77) ids.push(idOf(padToken));
      return ids;
    },
  };
}
