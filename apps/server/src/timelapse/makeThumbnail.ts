import sharp from 'sharp';

/** A frame made small for the timelapse. */
export interface Thumbnail {
  /** JPEG bytes (decodes fastest of the formats sharp writes, which is what exporting hundreds of them needs). */
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** JPEG quality of thumbnails: small, and a timelapse is watched at 10 frames a second. */
export const THUMBNAIL_JPEG_QUALITY = 75;

/**
 * Shrinks a frame image (JPEG or WebP bytes, as the engine encoded it) to fit in `maxSidePx` × `maxSidePx`,
 * keeping its aspect, never enlarging. Runs on libuv's thread pool (sharp is asynchronous): the event loop is
 * free meanwhile. Rejects with sharp's error when the bytes are not an image.
 */
export async function makeThumbnail(image: Uint8Array, maxSidePx: number): Promise<Thumbnail> {
  const { data, info } = await sharp(image)
    .resize(maxSidePx, maxSidePx, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .jpeg({ quality: THUMBNAIL_JPEG_QUALITY })
    .toBuffer({ resolveWithObject: true });
  return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}
