import { TokenizerError } from '../errors.js';
import { bytePairEncode, type MergeRanks } from './bytePairEncoding.js';
import { encodeBytes } from './bytesToUnicode.js';
import { cleanClipText } from './cleanText.js';

/** CLIP's context length: BOS + 75 tokens + EOS. */
export const CLIP_MAX_LENGTH = 77;

/**
 * CLIP's pre-tokenisation pattern: the two special tokens, English contractions, runs of letters,
 * single digits, and runs of other non-space characters. Case-insensitive like the reference.
 */
const PRE_TOKEN_PATTERN =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/giu;

/** Word-cache entries kept before the cache is cleared (bounds memory on adversarial input). */
const WORD_CACHE_MAX_ENTRIES = 50_000;

/** A text as the text encoder takes it, and how much of it fit. */
export interface TokenizedText {
  /** `maxLength` ids: BOS, the tokens that fit, EOS, padding. */
  ids: Int32Array;
  /** Tokens of the text in `ids` (without BOS/EOS). */
  used: number;
  /** Tokens the whole cleaned text has. */
  total: number;
  /** Most tokens that fit: `maxLength - 2` (75 for CLIP). */
  limit: number;
}

/** Everything a {@link ClipTokenizer} needs, as read from a tokenizer folder. */
export interface ClipTokenizerData {
  vocab: ReadonlyMap<string, number>;
  ranks: MergeRanks;
  bosToken: string;
  eosToken: string;
  padToken: string;
  unkToken: string;
  /** Ids per prompt including BOS/EOS (77 for CLIP). */
  maxLength: number;
}

/**
 * CLIP's byte-level BPE tokenizer: the reference's text cleaning ({@link cleanClipText}: ftfy's fixes,
 * HTML unescape, whitespace collapse, lower-case), CLIP's regex,
 * bytes -> unicode, BPE with merge ranks, then `[BOS] + first (maxLength - 2) tokens + [EOS]`, padded
 * to `maxLength` with the tokenizer's own pad token. Longer prompts are truncated by design (as CLIP is).
 */
export class ClipTokenizer {
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  readonly maxLength: number;
  private readonly unkId: number;
  private readonly wordCache = new Map<string, readonly number[]>();

  constructor(private readonly data: ClipTokenizerData) {
    this.bosId = this.requireId(data.bosToken, 'bos_token');
    this.eosId = this.requireId(data.eosToken, 'eos_token');
    this.padId = this.requireId(data.padToken, 'pad_token');
    this.unkId = data.vocab.get(data.unkToken) ?? this.eosId;
    this.maxLength = data.maxLength;
  }

  /** CLIP's text cleanup, as the reference tokenizer does it: see {@link cleanClipText}. */
  static clean(text: string): string {
    return cleanClipText(text);
  }

  /** The BPE token ids of `text` without BOS/EOS/padding or truncation. */
  encodeTokens(text: string): number[] {
    const ids: number[] = [];
    for (const match of ClipTokenizer.clean(text).matchAll(PRE_TOKEN_PATTERN)) {
      for (const id of this.encodeWord(match[0])) ids.push(id);
    }
    return ids;
  }

  /** `maxLength` ids: BOS, the first `maxLength - 2` tokens, EOS, then the pad id. */
  encode(text: string): Int32Array {
    return this.tokenize(text).ids;
  }

  /**
   * The ids of {@link encode} and how much of the text they hold. Text past the first `maxLength - 2` tokens is
   * dropped, as the reference pipelines do (`truncation=True, max_length=77`): never an error.
   */
  tokenize(text: string): TokenizedText {
    const tokens = this.encodeTokens(text);
    const limit = this.maxLength - 2;
    const used = Math.min(tokens.length, limit);
    const ids = new Int32Array(this.maxLength).fill(this.padId);
    ids[0] = this.bosId;
    for (let i = 0; i < used; i++) ids[1 + i] = tokens[i]!;
    ids[1 + used] = this.eosId;
    return { ids, used, total: tokens.length, limit };
  }

  /** Forgets the per-word BPE cache (benchmarks use it to measure first-seen text). */
  clearCache(): void {
    this.wordCache.clear();
  }

  /** Maps ids back to text (byte-unicode symbols joined; `</w>` becomes a space). For debugging and tests. */
  decodeSymbols(ids: Iterable<number>): string[] {
    const byId = new Map<number, string>();
    for (const [token, id] of this.data.vocab) byId.set(id, token);
    return Array.from(ids, (id) => byId.get(id) ?? '<unk>');
  }

  private encodeWord(word: string): readonly number[] {
    const cached = this.wordCache.get(word);
    if (cached) return cached;
    const special = word === this.data.bosToken || word === this.data.eosToken ? this.data.vocab.get(word) : undefined;
    const ids =
      special !== undefined
        ? [special]
        : bytePairEncode(encodeBytes(word), this.data.ranks).map((symbol) => this.data.vocab.get(symbol) ?? this.unkId);
    if (this.wordCache.size >= WORD_CACHE_MAX_ENTRIES) this.wordCache.clear();
    this.wordCache.set(word, ids);
    return ids;
  }

  private requireId(token: string, field: string): number {
    const id = this.data.vocab.get(token);
    if (id === undefined) {
      throw new TokenizerError(`tokenizer ${field} is not in vocab.json`, `'${token}' in the vocabulary`, 'no such token');
    }
    return id;
  }
}
