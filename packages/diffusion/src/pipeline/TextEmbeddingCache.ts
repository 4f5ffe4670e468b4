import type { HostTensor } from '../ort/hostTensor.js';

/** The UNet conditioning of one prompt, ready to feed (already in the UNet's float dtype). */
export interface PromptEmbeddings {
  encoderHiddenStates: HostTensor;
  /** SDXL only: text_encoder_2's pooled projection. */
  textEmbeds?: HostTensor;
}

/** Default number of prompts kept: a room's last few edits and undo states. */
export const DEFAULT_TEXT_CACHE_ENTRIES = 64;

/**
 * Bounded LRU of prompt (its token ids, as the encoders see them) -> encoder outputs (a Map keeps insertion order, so the first key is the least
 * recently used). A seed or steps change, or going back to an earlier prompt, skips tokenizing and both
 * text encoders. SDXL's entry is 77 x 2048 floats (~630 KB in fp32), so 64 entries are ~40 MB.
 */
export class TextEmbeddingCache {
  private readonly entries = new Map<string, PromptEmbeddings>();

  constructor(readonly maxEntries: number = DEFAULT_TEXT_CACHE_ENTRIES) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached embeddings of `prompt` (refreshing its recency), or undefined. */
  get(prompt: string): PromptEmbeddings | undefined {
    const hit = this.entries.get(prompt);
    if (hit) {
      this.entries.delete(prompt);
      this.entries.set(prompt, hit);
    }
    return hit;
  }

  /** Stores `prompt`, evicting the least recently used entry when full. */
  set(prompt: string, embeddings: PromptEmbeddings): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(prompt);
    this.entries.set(prompt, embeddings);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
