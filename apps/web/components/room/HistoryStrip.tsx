'use client';

import { useState } from 'react';
import type { FrameStore, StoredFrame } from '@/lib/FrameStore';
import { FrameLightbox } from './FrameLightbox';

/** Props of {@link HistoryStrip}. */
export interface HistoryStripProps {
  frames: readonly StoredFrame[];
  /** The store the frames live in, to pin the one shown large so it outlives eviction. */
  store: FrameStore;
}

/** The room's recent frames, newest first; click one to see it large and download it. */
export function HistoryStrip({ frames, store }: HistoryStripProps) {
  const [open, setOpen] = useState<StoredFrame | null>(null);
  const newestFirst = [...frames].reverse();

  const show = (frame: StoredFrame | null): void => {
    store.pin(frame?.url ?? null);
    setOpen(frame);
  };

  return (
    <section className="history" aria-label="Recent frames">
      {newestFirst.length === 0 ? (
        <p className="history-empty">Recent frames will collect here.</p>
      ) : (
        <ol className="history-list">
          {newestFirst.map((frame) => (
            <li key={frame.url}>
              <button type="button" className="thumb" onClick={() => show(frame)} title={frame.metadata.prompt}>
                {/* Blob URLs from the frame store; next/image cannot handle them. */}
                <img src={frame.url} alt={`Frame ${frame.metadata.seq}: ${frame.metadata.prompt}`} loading="lazy" />
              </button>
            </li>
          ))}
        </ol>
      )}
      {open !== null && <FrameLightbox frame={open} onClose={() => show(null)} />}
    </section>
  );
}
