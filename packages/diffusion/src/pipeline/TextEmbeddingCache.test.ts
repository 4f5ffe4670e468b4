import { describe, expect, it } from 'vitest';
import type { PromptEmbeddings } from './TextEmbeddingCache.js';
import { TextEmbeddingCache } from './TextEmbeddingCache.js';

const entry = (n: number): PromptEmbeddings => ({ encoderHiddenStates: { type: 'float32', data: new Float32Array([n]), dims: [1] } });

describe('TextEmbeddingCache', () => {
  it('evicts the least recently used prompt', () => {
    const cache = new TextEmbeddingCache(2);
    cache.set('a', entry(1));
    cache.set('b', entry(2));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', entry(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.encoderHiddenStates.data[0]).toBe(1);
    expect(cache.size).toBe(2);
  });

  it('stores nothing when disabled', () => {
    const cache = new TextEmbeddingCache(0);
    cache.set('a', entry(1));
    expect(cache.get('a')).toBeUndefined();
  });
});
