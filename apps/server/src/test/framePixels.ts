import type { FrameMetadata } from '@promptjam/protocol';
import type { ImageEngine } from '@promptjam/diffusion';
import sharp from 'sharp';
import { frameRequest, type FrameEncoding } from '../render/renderRequest.js';

/**
 * The pixel tolerance between a frame rendered in a batch and the same request rendered alone: at most 2 of 255
 * in any channel of any pixel. Batched kernels may add in another order (float rounding), and JPEG re-quantises
 * near-identical inputs to near-identical outputs; a different seed or prompt differs by far more.
 */
export const BATCH_PIXEL_TOLERANCE = 2;

/** Decodes an encoded frame to raw RGB(A) bytes. */
export async function framePixels(image: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await sharp(image).raw().toBuffer());
}

/** The largest per-channel difference between two decoded images of the same size. */
export function maxChannelDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`images differ in size: ${a.length} vs ${b.length} bytes`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Renders `metadata`'s request alone on `engine` and returns how far the received `image` is from it. */
export async function differenceFromAlone(engine: ImageEngine, metadata: FrameMetadata, image: Uint8Array, encoding: FrameEncoding): Promise<number> {
  const alone = await engine.generate(frameRequest({ prompt: metadata.prompt, params: metadata.params }, metadata.quality, encoding));
  return maxChannelDifference(await framePixels(image), await framePixels(alone.image));
}
