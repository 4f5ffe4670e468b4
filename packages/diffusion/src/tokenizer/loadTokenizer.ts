import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TokenizerError } from '../errors.js';
import { ClipTokenizer, CLIP_MAX_LENGTH } from './ClipTokenizer.js';

/** Tokenizer settings read from `tokenizer_config.json` / `special_tokens_map.json` (either may be absent). */
export interface TokenizerSettings {
  bosToken: string;
  eosToken: string;
  padToken: string;
  unkToken: string;
  maxLength: number;
}

const CLIP_DEFAULTS: TokenizerSettings = {
  bosToken: '<|startoftext|>',
  eosToken: '<|endoftext|>',
  // CLIPTokenizer's own default pad token; SD Turbo and SDXL's tokenizer_2 override it with "!".
  padToken: '<|endoftext|>',
  unkToken: '<|endoftext|>',
  maxLength: CLIP_MAX_LENGTH,
};

/** Special tokens appear either as strings or as `{ "content": "..." }` objects (AddedToken). */
function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

async function readJsonIfPresent(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new TokenizerError(`malformed ${path}`, 'valid JSON', (cause as Error).message);
  }
}

/** Reads pad/bos/eos/unk tokens and max length; `special_tokens_map.json` wins over `tokenizer_config.json`. */
export async function readTokenizerSettings(dir: string): Promise<TokenizerSettings> {
  const config = (await readJsonIfPresent(join(dir, 'tokenizer_config.json'))) ?? {};
  const specials = (await readJsonIfPresent(join(dir, 'special_tokens_map.json'))) ?? {};
  const pick = (key: string, fallback: string): string => tokenText(specials[key]) ?? tokenText(config[key]) ?? fallback;
  const maxLength = config.model_max_length;
  return {
    bosToken: pick('bos_token', CLIP_DEFAULTS.bosToken),
    eosToken: pick('eos_token', CLIP_DEFAULTS.eosToken),
    padToken: pick('pad_token', CLIP_DEFAULTS.padToken),
    unkToken: pick('unk_token', CLIP_DEFAULTS.unkToken),
    // Some configs carry a huge sentinel (1e30) for "unbounded"; CLIP's text encoders are 77 positions.
    maxLength: typeof maxLength === 'number' && maxLength >= 3 && maxLength <= 1024 ? maxLength : CLIP_MAX_LENGTH,
  };
}

async function readRequired(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new TokenizerError(`cannot read tokenizer file`, `a readable file ${path}`, (cause as NodeJS.ErrnoException).code ?? String(cause));
  }
}

/** A read whose failure is kept for later, so parallel reads can report their errors in a fixed order. */
async function settle(read: Promise<string>): Promise<{ unwrap(): string }> {
  try {
    const text = await read;
    return { unwrap: () => text };
  } catch (error) {
    return {
      unwrap: () => {
        throw error;
      },
    };
  }
}

/**
 * Loads a CLIP tokenizer folder: `vocab.json` (token -> id), `merges.txt` (a `#version` line, then one
 * `left right` pair per line in rank order) and the optional config files for special tokens.
 */
export async function loadTokenizer(dir: string, overrides: Partial<TokenizerSettings> = {}): Promise<ClipTokenizer> {
  const [vocabRead, mergesRead, settings] = await Promise.all([
    settle(readRequired(join(dir, 'vocab.json'))),
    settle(readRequired(join(dir, 'merges.txt'))),
    readTokenizerSettings(dir),
  ]);
  // Read in parallel, reported in a fixed order: with both files missing the error always names vocab.json.
  const vocabText = vocabRead.unwrap();
  const mergesText = mergesRead.unwrap();
  let vocabObject: Record<string, number>;
  try {
    vocabObject = JSON.parse(vocabText) as Record<string, number>;
  } catch (cause) {
    throw new TokenizerError(`malformed ${join(dir, 'vocab.json')}`, 'a JSON object of token -> id', (cause as Error).message);
  }
  const vocab = new Map(Object.entries(vocabObject));
  const ranks = new Map<string, number>();
  const lines = mergesText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line === '' || (i === 0 && line.startsWith('#version'))) continue;
    const parts = line.split(' ');
    if (parts.length !== 2) {
      throw new TokenizerError(`malformed ${join(dir, 'merges.txt')} line ${i + 1}`, "'left right'", JSON.stringify(line));
    }
    if (!ranks.has(line)) ranks.set(line, ranks.size);
  }
  return new ClipTokenizer({ vocab, ranks, ...settings, ...overrides });
}
