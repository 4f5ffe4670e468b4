'use client';

import { useCallback, useEffect, useRef } from 'react';
import type { SketchLayer } from '@/lib/SketchLayer';
import type { StoredFrame } from '@/lib/FrameStore';
import { MAX_STARTING_IMAGE_BYTES, prepareStartingImage } from '@/lib/startingImage';

/** Frame formats the server takes as a starting image as they are (docs/PROTOCOL.md, "The sketch layer"). */
const STARTING_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * The picture a person sees under the sketch, ready to become the room's starting image when they draw the first
 * stroke on an empty canvas (`SketchLayer.begin`'s `under`): without it the first stroke would turn the frame
 * into img2img from a white page with one line on it. Each new frame is read while the canvas is empty (the
 * frame's own bytes when the server would take them, else re-encoded to fit its starting-image limit); returns a
 * getter for the newest one ready, undefined before any is.
 */
export function usePictureUnderSketch(layer: SketchLayer | null, frame: StoredFrame | null, width: number, height: number): () => Uint8Array | undefined {
  const ready = useRef<Uint8Array | undefined>(undefined);
  useEffect(() => {
    if (layer === null || frame === null || layer.hasContent) return;
    let cancelled = false;
    void readStartingImage(frame, width, height).then((bytes) => {
      if (!cancelled && bytes !== undefined) ready.current = bytes;
    });
    return () => {
      cancelled = true;
    };
  }, [layer, frame, width, height]);
  return useCallback(() => ready.current, []);
}

/** `frame`'s bytes as a starting image of `width` x `height`, or undefined when they cannot be read (it was evicted). */
async function readStartingImage(frame: StoredFrame, width: number, height: number): Promise<Uint8Array | undefined> {
  let blob: Blob;
  try {
    blob = await (await fetch(frame.url)).blob();
  } catch {
    return undefined; // a newer frame replaced it and freed its URL: that one is read next
  }
  if (blob.size <= MAX_STARTING_IMAGE_BYTES && STARTING_IMAGE_TYPES.has(frame.metadata.mime)) return new Uint8Array(await blob.arrayBuffer());
  const prepared = await prepareStartingImage(blob, width, height);
  return 'bytes' in prepared ? prepared.bytes : undefined;
}
