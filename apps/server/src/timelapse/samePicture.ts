import sharp from 'sharp';

/** Two thumbnails to compare: encoded bytes and size. */
export interface ComparablePicture {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/**
 * Largest difference of any channel of any pixel between two thumbnails that still counts as the same picture.
 * Animated WebP's encoder (libwebp's WebPAnimEncoder, lossy) folds a frame into the one before when no pixel
 * differs by more than `round(31 (1 - √q) + √q)` at quality q (6 at the export's quality 70), so a page per
 * frame needs frames further apart than that; a frame that close adds nothing to watch anyway.
 */
export const SAME_PICTURE_MAX_DIFF = 8;

/**
 * Whether `a` and `b` show the same picture: equal sizes and no channel of any pixel further apart than
 * {@link SAME_PICTURE_MAX_DIFF}. Decodes on libuv's threads; compares on the caller's (a 256² thumbnail is
 * about 200,000 bytes: well under a millisecond).
 */
export async function samePicture(a: ComparablePicture, b: ComparablePicture): Promise<boolean> {
  if (a.width !== b.width || a.height !== b.height) return false;
  const [pixelsA, pixelsB] = await Promise.all([a, b].map((picture) => sharp(picture.bytes).removeAlpha().raw().toBuffer()));
  if (pixelsA!.length !== pixelsB!.length) return false;
  for (let i = 0; i < pixelsA!.length; i++) {
    if (Math.abs(pixelsA![i]! - pixelsB![i]!) > SAME_PICTURE_MAX_DIFF) return false;
  }
  return true;
}
