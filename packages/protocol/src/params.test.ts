import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, MAX_SEED, img2imgSteps, normalizeParams } from './params.js';

describe('normalizeParams', () => {
  it('keeps valid values unchanged', () => {
    const raw = { seed: 123, steps: 4, width: 768, height: 512, strength: 0.7 };
    expect(normalizeParams(raw)).toEqual({ params: raw, adjusted: [] });
  });

  it('fills defaults for missing keys and ignores unknown keys', () => {
    expect(normalizeParams({ colour: 'red' }).params).toEqual(DEFAULT_PARAMS);
  });

  it('clamps out-of-range numbers and says so', () => {
    const { params, adjusted } = normalizeParams({ seed: -5, steps: 99, width: 100_000, height: 3, strength: 0.01 });
    expect(params).toEqual({ seed: 0, steps: 4, width: 1024, height: 64, strength: 0.25 });
    expect(adjusted.map((a) => a.key)).toEqual(['seed', 'steps', 'width', 'height', 'strength']);
  });

  it('snaps sizes to multiples of 8 and truncates fractional seeds', () => {
    expect(normalizeParams({ width: 515, height: 509, seed: 7.9 }).params).toMatchObject({ width: 512, height: 512, seed: 7 });
    expect(normalizeParams({ seed: MAX_SEED + 10 }).params.seed).toBe(MAX_SEED);
  });

  it('ignores NaN, infinities and wrong types without throwing', () => {
    const { params, adjusted } = normalizeParams({ seed: Number.NaN, steps: '3', width: Infinity, height: null, strength: Number.NaN });
    expect(params).toEqual(DEFAULT_PARAMS);
    expect(adjusted).toHaveLength(5);
  });

  it('raises img2img steps until at least one denoising step runs', () => {
    expect(img2imgSteps({ steps: 1, strength: 0.5 })).toBe(2);
    expect(img2imgSteps({ steps: 1, strength: 0.25 })).toBe(4);
    expect(img2imgSteps({ steps: 1, strength: 0.3 })).toBe(4);
    expect(img2imgSteps({ steps: 3, strength: 0.5 })).toBe(3);
    expect(img2imgSteps({ steps: 1, strength: 1 })).toBe(1);
  });
});
