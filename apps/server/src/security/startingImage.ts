/**
 * The room's starting image as it arrives from a client (the `image` of the canvas map): it must be a PNG, JPEG
 * or WebP within the byte and pixel limits. The header is read synchronously (image-size reads only the first
 * bytes, no decode), so the gate decides before the update is applied; the renderer decodes it with
 * `limitInputPixels` as a second line.
 */
import { imageSize } from 'image-size';
import type { Limits } from './limits.js';

/** Image types a room accepts (image-size's names). */
export const STARTING_IMAGE_TYPES: ReadonlySet<string> = new Set(['png', 'jpg', 'webp']);

/** What the starting-image check needs from the limits. */
export type StartingImageLimits = Pick<Limits, 'maxImageBytes' | 'maxImageSidePx'>;

/** Why a starting image is refused, in words for the close reason; undefined when it is fine. */
export function checkStartingImage(value: unknown, limits: StartingImageLimits): string | undefined {
  if (!(value instanceof Uint8Array)) return 'the canvas image must be image bytes';
  if (value.length > limits.maxImageBytes) return `image of ${value.length} bytes, limit ${limits.maxImageBytes}`;
  let size;
  try {
    size = imageSize(value);
  } catch {
    return 'the canvas image is not a PNG, JPEG or WebP image';
  }
  if (size.type === undefined || !STARTING_IMAGE_TYPES.has(size.type)) return `image type ${size.type ?? 'unknown'}; PNG, JPEG or WebP only`;
  const longest = Math.max(size.width, size.height);
  if (!(size.width > 0 && size.height > 0) || longest > limits.maxImageSidePx) {
    return `image of ${size.width}x${size.height} pixels, limit ${limits.maxImageSidePx} per side`;
  }
  return undefined;
}
