/**
 * Turns a dropped or pasted picture into the room's starting image: decoded by the browser, scaled to cover the
 * room's frame size (centre crop, as the server draws it) and encoded as JPEG small enough for the server's
 * image limit (docs/PROTOCOL.md, "The sketch layer").
 */

/** Largest starting image the server accepts by default, in bytes (`maxImageBytes`). */
export const MAX_STARTING_IMAGE_BYTES = 160 * 1024;
/** Largest file we try to decode at all, in bytes: anything bigger is refused before reading it. */
export const MAX_DROPPED_FILE_BYTES = 20 * 1024 * 1024;
/** JPEG qualities tried in turn until the image fits. */
const QUALITIES = [0.9, 0.8, 0.65, 0.5, 0.35];

/** The outcome: the bytes to store, or a sentence for the person. */
export type StartingImageResult = { bytes: Uint8Array } | { error: string };

/** Prepares `file` as a starting image of `width` x `height` pixels. Never throws. */
export async function prepareStartingImage(file: Blob, width: number, height: number): Promise<StartingImageResult> {
  if (!file.type.startsWith('image/')) return { error: `That is not a picture (${file.type || 'unknown type'}).` };
  if (file.size > MAX_DROPPED_FILE_BYTES) return { error: `That picture is too big (${Math.round(file.size / 1024 / 1024)} MB; 20 MB at most).` };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return { error: 'That picture could not be read.' };
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return { error: 'This browser cannot draw pictures.' };
  const scale = Math.max(width / bitmap.width, height / bitmap.height);
  const sw = width / scale;
  const sh = height / scale;
  ctx.drawImage(bitmap, (bitmap.width - sw) / 2, (bitmap.height - sh) / 2, sw, sh, 0, 0, width, height);
  bitmap.close();
  for (const quality of QUALITIES) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob !== null && blob.size <= MAX_STARTING_IMAGE_BYTES) return { bytes: new Uint8Array(await blob.arrayBuffer()) };
  }
  return { error: 'That picture stays too big even when compressed.' };
}
