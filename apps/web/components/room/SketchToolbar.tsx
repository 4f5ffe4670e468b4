'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { Brush, SketchLayer } from '@/lib/SketchLayer';

/** The palette: dark, light, and six hues far apart, with the names screen readers announce. */
export const SKETCH_COLOURS = [
  { name: 'Black', value: '#111111' },
  { name: 'White', value: '#ffffff' },
  { name: 'Red', value: '#e03131' },
  { name: 'Orange', value: '#f08c00' },
  { name: 'Yellow', value: '#ffd43b' },
  { name: 'Green', value: '#2f9e44' },
  { name: 'Blue', value: '#1971c2' },
  { name: 'Violet', value: '#7048e8' },
] as const;
/** Brush sizes, in sketch units (1024 = the frame's width). */
export const BRUSH_SIZES = [
  { label: 'S', width: 8 },
  { label: 'M', width: 24 },
  { label: 'L', width: 64 },
] as const;

/** Props of {@link SketchToolbar}. */
export interface SketchToolbarProps {
  layer: SketchLayer;
  brush: Brush;
  onBrush: (brush: Brush) => void;
  visible: boolean;
  onVisible: (visible: boolean) => void;
  /** A picture was chosen as the starting image. */
  onPickImage: (file: File) => void;
  /** What went wrong with the last picture, if anything. */
  imageError: string | null;
  /** The host locked the sketch for this person (or made the room view-only): every shared tool is disabled. */
  locked?: boolean;
}

/**
 * The sketch's tools: pen or eraser, colour, size, fill the background, a starting picture, clear, this person's
 * undo and redo, and whether the layer shows over the picture. Everything but the tool choice and visibility is
 * shared with the room.
 */
export function SketchToolbar({ layer, brush, onBrush, visible, onVisible, onPickImage, imageError, locked = false }: SketchToolbarProps) {
  const ids = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const { depth, hasImage, background } = useLayerState(layer);

  return (
    <section className="panel sketch-panel" aria-labelledby={`${ids}-heading`}>
      <div className="panel-head">
        <h2 id={`${ids}-heading`} className="panel-title">
          Sketch <span className="panel-note">{locked ? 'locked by the host' : 'everyone draws on one layer'}</span>
        </h2>
        <label className="toggle">
          <input type="checkbox" checked={visible} onChange={(e) => onVisible(e.target.checked)} /> Show over picture
        </label>
      </div>
      <fieldset className="sketch-fieldset" disabled={locked}>
      <div className="sketch-tools">
        <div className="segmented" role="radiogroup" aria-label="Tool">
          {(['pen', 'eraser'] as const).map((tool) => (
            <label key={tool} className="segment">
              <input type="radio" name={`${ids}-tool`} checked={brush.tool === tool} onChange={() => onBrush({ ...brush, tool })} />
              <span>{tool === 'pen' ? 'Pen (B)' : 'Eraser (E)'}</span>
            </label>
          ))}
        </div>
        <div className="swatches" role="radiogroup" aria-label="Colour">
          {SKETCH_COLOURS.map((colour) => (
            <button
              key={colour.value}
              type="button"
              role="radio"
              aria-checked={brush.colour === colour.value}
              aria-label={colour.name}
              title={colour.name}
              className="swatch"
              style={{ background: colour.value }}
              onClick={() => onBrush({ ...brush, tool: 'pen', colour: colour.value })}
            />
          ))}
        </div>
        <div className="segmented" role="radiogroup" aria-label="Brush size">
          {BRUSH_SIZES.map((size) => (
            <label key={size.label} className="segment">
              <input type="radio" name={`${ids}-size`} checked={brush.width === size.width} onChange={() => onBrush({ ...brush, width: size.width })} />
              <span>{size.label}</span>
            </label>
          ))}
        </div>
      </div>
      <div className="button-row sketch-actions">
        <button type="button" className="button small" onClick={() => layer.fill(brush.colour)} title="Fill the background with the current colour">
          <span className="swatch inline" style={{ background }} aria-hidden="true" /> Fill background
        </button>
        <button type="button" className="button small" onClick={() => fileRef.current?.click()} title="Start from a picture (or drop or paste one on the sketch)">
          {hasImage ? 'Replace picture' : 'Start from picture'}
        </button>
        {hasImage && (
          <button type="button" className="button ghost small" onClick={() => layer.setImage(null)}>
            Remove picture
          </button>
        )}
        <input
          ref={fileRef}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          hidden
          data-testid="sketch-image-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) onPickImage(file);
            e.target.value = '';
          }}
        />
        <button type="button" className="button ghost small" onClick={() => layer.clear()} title="Clear everyone's strokes (undo brings them back)">
          Clear
        </button>
        <span className="button-row" role="group" aria-label="Your sketch edits">
          <button type="button" className="button ghost small" disabled={depth.undo === 0} onClick={() => layer.undo()} title="Undo your last sketch edit (Ctrl+Z outside the prompt)">
            Undo
          </button>
          <button type="button" className="button ghost small" disabled={depth.redo === 0} onClick={() => layer.redo()} title="Redo (Ctrl+Shift+Z)">
            Redo
          </button>
        </span>
      </div>
      </fieldset>
      {imageError !== null && (
        <p className="sketch-error" role="alert">
          {imageError}
        </p>
      )}
    </section>
  );
}

/** The layer's undo depth, background and whether it has a starting image, refreshed on every change. */
function useLayerState(layer: SketchLayer): { depth: { undo: number; redo: number }; hasImage: boolean; background: string } {
  const read = () => ({
    depth: { undo: layer.undoManager.undoStack.length, redo: layer.undoManager.redoStack.length },
    hasImage: layer.image !== undefined,
    background: layer.background,
  });
  const [state, setState] = useState(read);
  useEffect(() => {
    // Only real changes re-render: a stroke being drawn notifies on every point.
    const refresh = (): void =>
      setState((prev) => {
        const next = read();
        const same = prev.depth.undo === next.depth.undo && prev.depth.redo === next.depth.redo && prev.hasImage === next.hasImage && prev.background === next.background;
        return same ? prev : next;
      });
    refresh();
    const unsubscribe = layer.subscribe(refresh);
    layer.undoManager.on('stack-item-added', refresh);
    layer.undoManager.on('stack-item-popped', refresh);
    return () => {
      unsubscribe();
      layer.undoManager.off('stack-item-added', refresh);
      layer.undoManager.off('stack-item-popped', refresh);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `read` only closes over `layer`
  }, [layer]);
  return state;
}
