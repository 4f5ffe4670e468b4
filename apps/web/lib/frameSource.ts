import type { FrameImg2Img } from '@promptjam/protocol';

/** What a frame was drawn from: the prompt alone, the sketch (strokes or a background colour), or a starting picture. */
export type FrameSource = 'text' | 'sketch' | 'image';

/** What the frame with `img2img` (frame metadata; absent for text-to-image) was drawn from. */
export function frameSourceOf(img2img: FrameImg2Img | undefined): FrameSource {
  if (img2img === undefined) return 'text';
  return img2img.image ? 'image' : 'sketch';
}

/**
 * The words on an img2img frame's badge, saying what it really came from (frame metadata `img2img`,
 * docs/PROTOCOL.md): a starting picture (dropped, pasted, picked, or the frame someone drew the first stroke on),
 * with or without strokes over it, the strokes alone, or only the background colour; then the strength.
 */
export function frameSourceLabel(img2img: FrameImg2Img): string {
  const drawn = img2img.strokes > 0;
  const from = img2img.image ? (drawn ? 'the picture and sketch' : 'the starting picture') : drawn ? 'the sketch' : 'the background colour';
  return `from ${from} · strength ${img2img.strength}`;
}
