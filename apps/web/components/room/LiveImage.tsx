'use client';

import { useEffect, useState, type ReactNode } from 'react';
import type { EmptyPicture } from '@/lib/emptyPicture';
import type { StoredFrame } from '@/lib/FrameStore';
import { frameSourceLabel, frameSourceOf } from '@/lib/frameSource';

/** Props of {@link LiveImage}. */
export interface LiveImageProps {
  /** The newest frame, or null before the first arrives. */
  frame: StoredFrame | null;
  /** The size to reserve before any frame arrives (the room's current params), in pixels. */
  width: number;
  height: number;
  /** True while the server renders the next frame (draws a thin progress line). */
  busy: boolean;
  /** What to say while there is no frame yet, and whether a spinner shows with it. */
  empty: EmptyPicture;
  /** Drawn over the picture, covering it exactly (the sketch layer). */
  children?: ReactNode;
}

/**
 * The room's live picture. A new frame is decoded off-screen first and swapped in only when ready,
 * so frames replace each other without a blank flash; the box keeps the image's aspect ratio, so
 * nothing around it moves when frames arrive. Its accessible name carries the prompt it was made from. A preview
 * frame (rendered quickly while the room is being edited) carries a small "Preview" tag until the refined one arrives.
 */
export function LiveImage({ frame, width, height, busy, empty, children }: LiveImageProps) {
  const [shown, setShown] = useState<StoredFrame | null>(null);

  useEffect(() => {
    if (frame === null || frame.url === shown?.url) return;
    let cancelled = false;
    const loader = new Image();
    loader.src = frame.url;
    // Swap only after decoding; a newer frame arriving meanwhile cancels this one (latest wins).
    const swap = (): void => {
      if (!cancelled) setShown(frame);
    };
    loader.decode().then(swap, swap);
    return () => {
      cancelled = true;
    };
  }, [frame, shown?.url]);

  const boxWidth = shown?.metadata.width ?? width;
  const boxHeight = shown?.metadata.height ?? height;
  return (
    <figure className="live-image" style={{ aspectRatio: `${boxWidth} / ${boxHeight}`, ['--ratio' as string]: boxWidth / boxHeight }} aria-busy={busy}>
      {shown === null ? (
        <div className="live-image-empty">
          {empty.pending && <span className="spinner" aria-hidden="true" />}
          <span>{empty.text}</span>
        </div>
      ) : (
        // A blob URL from the frame store: next/image cannot optimise it and must not try.
        <img
          src={shown.url}
          width={boxWidth}
          height={boxHeight}
          alt={`Generated image: ${shown.metadata.prompt}`}
          draggable={false}
          data-seq={shown.metadata.seq}
          data-source={frameSourceOf(shown.metadata.img2img)}
        />
      )}
      {children}
      {shown?.metadata.img2img !== undefined && (
        <figcaption className="frame-source">{frameSourceLabel(shown.metadata.img2img)}</figcaption>
      )}
      {shown?.metadata.canvasIgnored !== undefined && (
        <figcaption className="frame-source" title={shown.metadata.canvasIgnored}>
          prompt only · this model cannot use the sketch
        </figcaption>
      )}
      {shown?.metadata.quality === 'preview' && (
        <span className="quality-badge" title="A quick preview while the prompt changes; the full-quality frame follows when the room pauses">
          Preview
        </span>
      )}
      <span className={busy ? 'progress-line active' : 'progress-line'} aria-hidden="true" />
    </figure>
  );
}
