import sharp from 'sharp';
import type { ImageFormat, RawImage } from '../engine/types.js';
import { InvalidRequestError } from '../errors.js';

// One frame at a time per engine: libvips' cache only adds memory here, and one libvips thread encodes a
// 512x512 JPEG in about 2 ms while leaving the other cores to the event loop and onnxruntime.
sharp.cache(false);
sharp.concurrency(1);

/** Init images above this many pixels are refused before decoding (decompression bombs). */
export const MAX_INIT_IMAGE_PIXELS = 8192 * 8192;

/** MIME type per output format. */
export const IMAGE_MIME: Readonly<Record<ImageFormat, string>> = { jpeg: 'image/jpeg', webp: 'image/webp' };

/** Encodes interleaved RGB bytes once, as JPEG or WebP at `quality` (1-100). */
export async function encodeImage(rgb: Uint8Array, width: number, height: number, format: ImageFormat, quality: number): Promise<Uint8Array> {
  const image = sharp(rgb, { raw: { width, height, channels: 3 } });
  const buffer = format === 'webp' ? await image.webp({ quality }).toBuffer() : await image.jpeg({ quality }).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * Decodes any image sharp reads, or takes raw pixels, into RGB bytes of exactly `width` x `height` (centre crop
 * to fill).
 */
export async function decodeInitImage(image: Uint8Array | RawImage, width: number, height: number): Promise<Uint8Array> {
  try {
    const input =
      image instanceof Uint8Array
        ? sharp(image, { limitInputPixels: MAX_INIT_IMAGE_PIXELS })
        : sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
    const { data } = await input
      .removeAlpha()
      .resize(width, height, { fit: 'cover' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (cause) {
    throw new InvalidRequestError('initImage cannot be decoded', 'a JPEG, PNG or WebP image', (cause as Error).message);
  }
}
