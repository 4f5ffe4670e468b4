'use client';

import { useEffect, useRef } from 'react';
import type { StoredFrame } from '@/lib/FrameStore';
import { frameFileName } from '@/lib/frameFile';
import { Icon } from '@/components/Icon';

/** Props of {@link FrameLightbox}. */
export interface FrameLightboxProps {
  frame: StoredFrame;
  onClose: () => void;
}

/**
 * One frame shown large in a modal dialog (Escape closes it, focus returns to the strip), with its prompt,
 * parameters and a download whose file name carries the prompt and seed.
 */
export function FrameLightbox({ frame, onClose }: FrameLightboxProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  const { metadata } = frame;
  return (
    <dialog
      ref={dialogRef}
      className="lightbox"
      aria-label={`Frame ${metadata.seq}`}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) dialogRef.current?.close();
      }}
    >
      <div className="lightbox-body">
        <img src={frame.url} alt={`Generated image: ${metadata.prompt}`} width={metadata.width} height={metadata.height} />
        <div className="lightbox-info">
          <p className="lightbox-prompt">{metadata.prompt || <em>(empty prompt)</em>}</p>
          <dl className="facts">
            <dt>Seed</dt>
            <dd className="mono">{metadata.params.seed}</dd>
            <dt>Steps</dt>
            <dd>{metadata.params.steps}</dd>
            <dt>Size</dt>
            <dd>
              {metadata.width}×{metadata.height}
            </dd>
            <dt>Model</dt>
            <dd>{metadata.model}</dd>
            <dt>Render</dt>
            <dd>{Math.round(metadata.genMs)} ms</dd>
          </dl>
          <div className="button-row">
            <a className="button primary" href={frame.url} download={frameFileName(metadata)}>
              <Icon name="download" /> Download
            </a>
            <button type="button" className="button ghost" onClick={() => dialogRef.current?.close()}>
              Close
            </button>
          </div>
        </div>
      </div>
    </dialog>
  );
}
