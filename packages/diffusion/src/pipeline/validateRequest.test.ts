import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors.js';
import type { GenerateRequest } from '../engine/types.js';
import { validateRequest } from './validateRequest.js';

const base: GenerateRequest = { prompt: 'a fox', seed: 1, steps: 2, width: 512, height: 512 };
const check = (patch: Partial<GenerateRequest>, hasVaeEncoder = true) => () => validateRequest({ ...base, ...patch }, { hasVaeEncoder });

describe('validateRequest', () => {
  it('fills defaults', () => {
    expect(validateRequest(base, { hasVaeEncoder: false })).toMatchObject({ format: 'jpeg', quality: 85, strength: 1 });
  });

  it.each<[string, Partial<GenerateRequest>, RegExp]>([
    ['empty prompt', { prompt: '   ' }, /empty prompt: expected at least one non-space character/],
    ['0 steps', { steps: 0 }, /bad steps: expected an integer in \[1, 4\], found 0/],
    ['5 steps', { steps: 5 }, /found 5/],
    ['fractional steps', { steps: 1.5 }, /bad steps/],
    ['width not a multiple of 8', { width: 500 }, /bad width: expected a multiple of 8 .*found 500/],
    ['too large', { height: 4096 }, /bad height: .*1024.*found 4096/],
    ['too small', { width: 8 }, /bad width/],
    ['negative seed', { seed: -1 }, /bad seed/],
    ['seed NaN', { seed: NaN }, /bad seed/],
    ['format', { format: 'png' as 'jpeg' }, /bad format/],
    ['quality', { quality: 0 }, /bad quality/],
    ['strength without image', { strength: 0.5 }, /strength without initImage/],
    ['strength too small for the steps', { initImage: new Uint8Array([1]), steps: 2, strength: 0.4 }, /steps \* strength >= 1, found 2 \* 0.4/],
    ['strength above 1', { initImage: new Uint8Array([1]), strength: 1.5 }, /bad strength/],
    ['raw pixels of the wrong length', { initImage: { data: new Uint8Array(10), width: 2, height: 2, channels: 3 } }, /bad initImage.data: expected 12 bytes/],
    ['raw pixels with 2 channels', { initImage: { data: new Uint8Array(8), width: 2, height: 2, channels: 2 as 3 } }, /bad initImage.channels/],
    ['raw pixels wider than the largest side', { initImage: { data: new Uint8Array(2048 * 3), width: 2048, height: 1, channels: 3 } }, /bad initImage.width/],
    ['an init image that is neither bytes nor pixels', { initImage: 'picture' as unknown as Uint8Array }, /bad initImage/],
  ])('rejects %s with a named error', (_label, patch, message) => {
    expect(check(patch)).toThrow(InvalidRequestError);
    expect(check(patch)).toThrow(message);
  });

  it("refuses a prompt over the caller's length rule, and only then", () => {
    const long = { ...base, prompt: 'x'.repeat(4_001) };
    expect(() => validateRequest(long, { hasVaeEncoder: false, maxPromptChars: 4_000 })).toThrow(/prompt too long: expected at most 4000 characters, found 4001 characters/);
    expect(validateRequest({ ...base, prompt: 'x'.repeat(4_000) }, { hasVaeEncoder: false, maxPromptChars: 4_000 }).prompt).toHaveLength(4_000);
    // Without a rule, length is no error: text past CLIP's 75 tokens is truncated by the tokenizer.
    expect(validateRequest({ ...base, prompt: 'x '.repeat(10_000) }, { hasVaeEncoder: false }).prompt).toHaveLength(20_000);
  });

  it('takes raw pixels whose bytes match their size', () => {
    const initImage = { data: new Uint8Array(4 * 2 * 4), width: 4, height: 2, channels: 4 as const };
    expect(validateRequest({ ...base, initImage }, { hasVaeEncoder: true }).initImage).toBe(initImage);
  });

  it('rejects img2img without a vae_encoder', () => {
    expect(check({ initImage: new Uint8Array([1]) }, false)).toThrow(/vae_encoder/);
  });
});
