'use client';

import { MAX_PRESSURE, SKETCH_UNITS, drawSketch } from '@promptjam/protocol';
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Brush, SketchLayer, SketchPoint } from '@/lib/SketchLayer';
import { readSketchCursors, type CursorPublisher, type SketchCursor } from '@/lib/sketchCursor';

/** Props of {@link SketchCanvas}. */
export interface SketchCanvasProps {
  layer: SketchLayer;
  awareness: Awareness;
  cursor: CursorPublisher;
  /** The pen or eraser new strokes use. */
  brush: Brush;
  /** This person's display name, stored with their strokes. */
  author: string;
  /** Drawing resolution, in pixels (the room's frame size). */
  width: number;
  height: number;
  /** Whether the strokes are shown (and drawing is possible). */
  visible: boolean;
  /** The host locked the sketch for this person (or made the room view-only): strokes show, none can be drawn. */
  locked?: boolean;
  /** A picture was dropped on the canvas. */
  onDropImage: (file: File) => void;
  /** The picture under the sketch as starting-image bytes, for the first stroke on an empty canvas (`SketchLayer.begin`). */
  pictureUnder?: () => Uint8Array | undefined;
}

/**
 * The shared sketch over the live picture: draws everyone's strokes (with the protocol's `drawSketch`, exactly as
 * the server rasterises them), turns this person's pointer (mouse, pen with pressure, finger) into strokes, and
 * shows other people's pointers in their colours. Redraws at most once per animation frame.
 */
export function SketchCanvas({ layer, awareness, cursor, brush, author, width, height, visible, locked = false, onDropImage, pictureUnder }: SketchCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawingRef = useRef<number | null>(null);
  const [cursors, setCursors] = useState<SketchCursor[]>([]);

  useEffect(() => {
    let frame = 0;
    const redraw = (): void => {
      frame = 0;
      const canvas = canvasRef.current;
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return;
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      drawSketch(ctx, layer.strokes(), canvas.width, canvas.height);
    };
    const schedule = (): void => {
      if (frame === 0) frame = requestAnimationFrame(redraw);
    };
    schedule();
    const unsubscribe = layer.subscribe(schedule);
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [layer, width, height]);

  useEffect(() => {
    // Presence changes on every keystroke (typing flags) too; only cursor changes re-render.
    const refresh = (): void =>
      setCursors((previous) => {
        const next = readSketchCursors(awareness.getStates(), awareness.clientID);
        return JSON.stringify(next) === JSON.stringify(previous) ? previous : next;
      });
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [awareness]);

  const pointOf = (event: ReactPointerEvent<HTMLCanvasElement> | PointerEvent): SketchPoint => {
    const rect = canvasRef.current!.getBoundingClientRect();
    // A mouse reports 0.5 while pressed; only pens and touch screens measure pressure.
    const pressure = event.pointerType === 'mouse' || event.pressure <= 0 ? MAX_PRESSURE : event.pressure * MAX_PRESSURE;
    return {
      x: ((event.clientX - rect.left) / rect.width) * SKETCH_UNITS,
      y: ((event.clientY - rect.top) / rect.height) * SKETCH_UNITS,
      pressure,
    };
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>): void => {
    // A locked sketch takes no strokes: the server would refuse them (4410) and the page would have to rejoin.
    if (locked || !visible || drawingRef.current !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    drawingRef.current = event.pointerId;
    const point = pointOf(event);
    layer.begin(brush, author, point, pictureUnder?.());
    cursor.move({ ...point, drawing: true });
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>): void => {
    const drawing = drawingRef.current === event.pointerId;
    if (drawing) {
      // Coalesced events carry the points between animation frames, so fast strokes stay smooth.
      const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
      for (const e of events.length > 0 ? events : [event.nativeEvent]) layer.extend(pointOf(e));
    }
    cursor.move({ ...pointOf(event), drawing });
  };

  const onPointerEnd = (event: ReactPointerEvent<HTMLCanvasElement>): void => {
    if (drawingRef.current !== event.pointerId) return;
    drawingRef.current = null;
    layer.end();
    cursor.move({ ...pointOf(event), drawing: false });
  };

  return (
    <div className={`sketch-layer${visible ? '' : ' hidden'}${locked ? ' locked' : ''}`}>
      <canvas
        ref={canvasRef}
        className="sketch-canvas"
        width={width}
        height={height}
        data-testid="sketch-canvas"
        aria-label={locked ? 'Shared sketch, locked by the host' : 'Shared sketch: draw here with a mouse, pen or finger; drop a picture to start from it'}
        role="img"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onPointerLeave={() => {
          if (drawingRef.current === null) cursor.move(null);
        }}
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          const file = event.dataTransfer.files[0];
          if (file && !locked) onDropImage(file);
        }}
      />
      {locked && visible && (
        <span className="sketch-locked" data-testid="sketch-locked">
          Sketch locked by the host
        </span>
      )}
      {visible &&
        cursors.map((c) => (
          <span
            key={c.clientId}
            className={c.drawing ? 'sketch-cursor drawing' : 'sketch-cursor'}
            style={{ left: `${(c.x / SKETCH_UNITS) * 100}%`, top: `${(c.y / SKETCH_UNITS) * 100}%`, ['--cursor-colour' as string]: c.color }}
          >
            <span className="sketch-cursor-name">{c.name}</span>
          </span>
        ))}
    </div>
  );
}
