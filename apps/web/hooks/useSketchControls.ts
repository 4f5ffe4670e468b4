'use client';

import { useCallback, useEffect, useState } from 'react';
import type { Brush, SketchLayer } from '@/lib/SketchLayer';
import { prepareStartingImage } from '@/lib/startingImage';

/** The brush a person starts with: a dark medium pen. */
export const DEFAULT_BRUSH: Brush = { tool: 'pen', colour: '#111111', width: 24 };

/** What the sketch's controls share: the brush, visibility, starting-picture handling and its last error. */
export interface SketchControls {
  brush: Brush;
  setBrush: (brush: Brush) => void;
  visible: boolean;
  setVisible: (visible: boolean) => void;
  /** Makes `file` the room's starting image, scaled to `width` x `height`; errors land in `imageError`. */
  startFromImage: (file: File) => void;
  imageError: string | null;
}

/**
 * This person's sketch controls, plus the page-wide ways in: a picture pasted anywhere outside a text field becomes
 * the starting image, and outside text fields Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y) undo and redo this
 * person's sketch edits, B and E pick pen and eraser (the prompt editor keeps its own undo). While `locked` (the
 * host locked the sketch for this person) none of them changes the shared sketch.
 */
export function useSketchControls(layer: SketchLayer | null, width: number, height: number, locked = false): SketchControls {
  const [brush, setBrush] = useState<Brush>(DEFAULT_BRUSH);
  const [visible, setVisible] = useState(true);
  const [imageError, setImageError] = useState<string | null>(null);

  const startFromImage = useCallback(
    (file: File): void => {
      if (layer === null || locked) return;
      void prepareStartingImage(file, width, height).then((result) => {
        if ('error' in result) return setImageError(result.error);
        setImageError(null);
        layer.setImage(result.bytes);
      });
    },
    [layer, width, height, locked],
  );

  useEffect(() => {
    if (layer === null) return;
    const onKey = (event: KeyboardEvent): void => {
      if (isTextTarget(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (locked && mod && (key === 'z' || key === 'y')) return;
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) layer.redo();
        else layer.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        layer.redo();
      } else if (!mod && !event.altKey && (key === 'b' || key === 'e')) {
        setBrush((b) => ({ ...b, tool: key === 'b' ? 'pen' : 'eraser' }));
      }
    };
    const onPaste = (event: ClipboardEvent): void => {
      if (isTextTarget(event.target)) return;
      const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file === undefined) return;
      event.preventDefault();
      startFromImage(file);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('paste', onPaste);
    };
  }, [layer, startFromImage, locked]);

  return { brush, setBrush, visible, setVisible, startFromImage, imageError };
}

/** A key or paste aimed at a text field or an editor, read-only ones included (they are not the sketch's). */
function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable], .cm-editor') !== null;
}
