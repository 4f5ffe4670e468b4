import sharp from 'sharp';
import type { ReferenceImage } from './referenceEuler.js';

/** Standard deviation of all values of an image (every channel and pixel): its overall spread. */
export function spread(image: ReferenceImage): number {
  const n = image.data.length;
  const mean = image.data.reduce((sum, v) => sum + v, 0) / n;
  return Math.sqrt(image.data.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n);
}

/** Mean absolute difference between horizontally and vertically neighbouring pixels (all channels). */
export function neighbourDifference(image: ReferenceImage): number {
  const { width, height, data } = image;
  let sum = 0;
  let count = 0;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = (c * height + y) * width + x;
        if (x + 1 < width) {
          sum += Math.abs((data[at + 1] ?? 0) - (data[at] ?? 0));
          count++;
        }
        if (y + 1 < height) {
          sum += Math.abs((data[at + width] ?? 0) - (data[at] ?? 0));
          count++;
        }
      }
    }
  }
  return sum / count;
}

/** Mean absolute difference between two images of the same size. */
export function imageDifference(a: ReferenceImage, b: ReferenceImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
  return sum / a.data.length;
}

/** Writes images side by side as one PNG (for a human to look at). */
export async function writePngStrip(images: ReferenceImage[], path: string): Promise<void> {
  const tiles = images.map((image, index) => {
    const n = image.width * image.height;
    const rgb = Buffer.alloc(n * 3);
    for (let p = 0; p < n; p++) {
      for (let c = 0; c < 3; c++) rgb[p * 3 + c] = Math.round(((image.data[c * n + p] ?? 0) + 1) * 127.5);
    }
    const left = images.slice(0, index).reduce((sum, previous) => sum + previous.width, 0);
    return { input: rgb, raw: { width: image.width, height: image.height, channels: 3 as const }, left, top: 0 };
  });
  const width = images.reduce((sum, image) => sum + image.width, 0);
  const height = Math.max(...images.map((image) => image.height));
  await sharp({ create: { width, height, channels: 3, background: '#000000' } }).composite(tiles).png().toFile(path);
}
