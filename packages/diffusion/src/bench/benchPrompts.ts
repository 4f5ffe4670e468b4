/**
 * Typical prompts for benchmarks: what people type into a room (subject, setting, style, camera words),
 * built deterministically from small word lists so every run measures the same text.
 */
const SUBJECTS = ['a red fox', 'an astronaut', 'a lighthouse', 'a cat wearing a tiny hat', 'an old fisherman', 'a neon city street', 'a bowl of ramen', 'a dragon made of glass', 'two robots playing chess', 'a cozy cabin'];
const SETTINGS = ['in the snow', 'on mars', 'at sunset', 'in a rainstorm', 'under the ocean', 'in a misty forest', 'on a busy market', 'in outer space'];
const STYLES = ['digital art', 'oil painting', 'cinematic photo', 'watercolor', 'studio ghibli style', 'pixel art', 'hyperrealistic, 8k', 'isometric 3d render'];
const EXTRAS = ['35mm, bokeh', 'volumetric lighting', 'highly detailed', 'trending on artstation', 'soft pastel colors', 'dramatic shadows', 'golden hour', 'wide angle'];

/** `count` prompts of 8-20 words each; prompt i is always the same text. */
export function benchPrompts(count: number): string[] {
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
  return Array.from({ length: count }, (_, i) =>
    [`${pick(SUBJECTS, i)} ${pick(SETTINGS, i * 7 + 3)}`, pick(STYLES, i * 5 + 1), pick(EXTRAS, i * 3 + 2), i % 3 === 0 ? `variant ${i}` : ''].filter(Boolean).join(', '),
  );
}
