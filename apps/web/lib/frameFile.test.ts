import { describe, expect, it } from 'vitest';
import { frameFileName, promptSlug } from './frameFile';

describe('frame file names', () => {
  it('carries prompt and seed', () => {
    const name = frameFileName({ prompt: 'A red fox, in snow!', params: { seed: 42, steps: 1, width: 512, height: 512, strength: 0.5 }, seq: 7, mime: 'image/jpeg' });
    expect(name).toBe('promptjam-a-red-fox-in-snow-seed42-7.jpg');
  });

  it('makes a slug of anything, bounded in length', () => {
    expect(promptSlug('')).toBe('untitled');
    expect(promptSlug('🦊🦊')).toBe('untitled');
    expect(promptSlug('Crème brûlée')).toBe('creme-brulee');
    expect(promptSlug('word '.repeat(40)).length).toBeLessThanOrEqual(48);
    expect(promptSlug('word '.repeat(40)).endsWith('-')).toBe(false);
  });
});
