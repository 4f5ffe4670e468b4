import { TIMELAPSE_FRAME_DELAY_MS } from '@promptjam/protocol';
import sharp from 'sharp';

/** The animated formats a timelapse is encoded in. */
export type AnimatedFormat = 'webp' | 'gif';

/** A thumbnail to animate: its encoded bytes and size. */
export interface TimelapsePicture {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** The MIME type of each animated format. */
export const ANIMATED_MIME: Readonly<Record<AnimatedFormat, string>> = { webp: 'image/webp', gif: 'image/gif' };

/**
 * Thumbnails decoded at once by one export. Each decode holds one of libuv's threads (4 by default), which the
 * store's reads and writes need too: an export must leave the others to the rooms still typing.
 */
export const DECODE_PARALLELISM = 2;

/**
 * Longest side of a GIF page, px. GIF's palette is chosen afresh for every page (libimagequant), which costs
 * about 20 times WebP's encode per pixel: a 10-minute jam at 256 px takes seconds more than the 5 s an export may
 * take (docs/BENCHMARKS.md, scenario 10). GIF is the format for where WebP will not play; WebP keeps full size.
 */
export const GIF_MAX_SIDE_PX = 160;

/**
 * Levels per channel a GIF page is reduced to before its palette is chosen. The palette search's time grows with
 * the distinct colours it is given: 16 levels (4,096 colours at most, of which it keeps 256) makes it about 4x
 * faster on a model's grainy frames than the JPEG-decoded original; 32 levels gains nothing (measured).
 */
export const GIF_LEVELS = 16;

const CHANNELS = 3;
/** Behind frames of another aspect than the newest (a jam that changed size midway). */
const LETTERBOX = { r: 0, g: 0, b: 0 };

/**
 * Encodes `pictures` (oldest first) as one animated image, one page each, {@link TIMELAPSE_FRAME_DELAY_MS} apiece,
 * looping. Every page has the newest picture's size (for GIF at most {@link GIF_MAX_SIDE_PX} on its longest
 * side); an older one of another size is fitted inside it (letterboxed). Decoding and encoding run on libuv's thread pool, never on the event loop. Page `i` is frame `i`
 * of the history as long as no two neighbours show the same picture, which the recorder sees to (`samePicture`):
 * GIF keeps repeats anyway, but lossy WebP folds a repeat into the page before.
 *
 * Throws RangeError for an empty list, and rejects with sharp's error when a thumbnail is not an image.
 */
export async function encodeTimelapse(pictures: readonly TimelapsePicture[], format: AnimatedFormat): Promise<Buffer> {
  const newest = pictures.at(-1);
  if (newest === undefined) throw new RangeError('a timelapse needs at least one frame');
  const { width, height } = format === 'gif' ? fitWithin(newest, GIF_MAX_SIDE_PX) : newest;
  const pageBytes = width * height * CHANNELS;
  const pages = Buffer.allocUnsafe(pageBytes * pictures.length);
  let next = 0;
  const decodeNext = async (): Promise<void> => {
    while (next < pictures.length) {
      const i = next++;
      const picture = pictures[i]!;
      let pipeline = sharp(picture.bytes).removeAlpha();
      if (picture.width !== width || picture.height !== height) pipeline = pipeline.resize(width, height, { fit: 'contain', background: LETTERBOX });
      // GIF: each channel to a level 0..GIF_LEVELS-1 (the cast to 8 bits drops the fraction); stretched back below.
      if (format === 'gif') pipeline = pipeline.linear(GIF_LEVELS / 256, 0);
      const raw = await pipeline.raw({ depth: 'uchar' }).toBuffer();
      if (raw.length !== pageBytes) throw new RangeError(`timelapse frame ${i} decoded to ${raw.length} bytes, expected ${pageBytes}`);
      raw.copy(pages, i * pageBytes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECODE_PARALLELISM, pictures.length) }, decodeNext));
  const animation = sharp(pages, { raw: { width, height: height * pictures.length, channels: CHANNELS, pageHeight: height } });
  const timing = { loop: 0, delay: TIMELAPSE_FRAME_DELAY_MS };
  // Fastest settings that still look right at thumbnail size: effort 0 WebP; for GIF no dithering, palettes reused
  // between frames while close enough, and the levels reduced above (choosing palettes is most of a GIF's time).
  if (format === 'webp') return animation.webp({ ...timing, quality: 70, effort: 0 }).toBuffer();
  return animation
    .linear(255 / (GIF_LEVELS - 1), 0)
    .gif({ ...timing, effort: 1, dither: 0, interPaletteMaxError: 16, keepDuplicateFrames: true })
    .toBuffer();
}

/** `size` scaled down (never up) to fit in `maxSide` x `maxSide`, keeping its aspect. */
function fitWithin(size: { width: number; height: number }, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(size.width, size.height));
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}
