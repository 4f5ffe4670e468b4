import { CANVAS_MAP_NAME, PARAMS_MAP_NAME, SKETCH_ARRAY_NAME, type SketchLimits } from '@promptjam/protocol';
import type * as Y from 'yjs';
import type { RasterizedCanvas } from '../render/rasterizeCanvas.js';
import type { CanvasFrameInput, CanvasInput } from '../render/renderTypes.js';
import { readCanvasInput } from './canvasDocument.js';

/**
 * Changes within this long are rasterised once, in ms: a drawing client pushes points about 30 times a second,
 * and reading a big sketch (hashing its points) costs about a millisecond of the event loop.
 */
export const RASTER_COALESCE_MS = 16;

/** Draws a room canvas at `width` x `height` (the server's raster thread, or in this thread in tests). */
export type Rasterize = (canvas: CanvasInput, width: number, height: number) => Promise<RasterizedCanvas>;

/**
 * A room's rasterised canvas, kept ready for its next frame. Rasterising is asynchronous (a raster thread) and
 * the scheduler plans frames synchronously, so the room rasterises when its canvas or size changes, keeps the
 * newest finished picture, and marks itself dirty when one is ready: a frame is made from the newest picture
 * that is ready, and the next frame from a newer one (latest wins, as for the prompt). One rasterisation runs
 * per room at a time; changes meanwhile are drawn once it ends. A failed rasterisation keeps the last picture.
 * It follows the sketch, canvas and params types (their observers), so prompt edits cost it nothing.
 */
export class CanvasRaster {
  private ready: CanvasFrameInput | undefined;
  private readyKey = '';
  private running = false;
  private again = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly sketch: Y.Array<unknown>;
  private readonly canvas: Y.Map<unknown>;
  private readonly params: Y.Map<unknown>;

  constructor(
    private readonly doc: Y.Doc,
    private readonly limits: SketchLimits,
    private readonly rasterize: Rasterize,
    private readonly size: () => { width: number; height: number },
    /** A new picture is ready. */
    private readonly onReady: () => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.sketch = doc.getArray(SKETCH_ARRAY_NAME);
    this.canvas = doc.getMap(CANVAS_MAP_NAME);
    this.params = doc.getMap(PARAMS_MAP_NAME);
    this.sketch.observeDeep(this.changed);
    this.canvas.observe(this.changed);
    this.params.observe(this.changed);
    this.refresh();
  }

  /**
   * The picture frames should start from: undefined when the room has no canvas (text-to-image), else the newest
   * finished picture (undefined too until the first one is ready).
   */
  current(): CanvasFrameInput | undefined {
    const hasCanvas = this.sketch.length > 0 || this.canvas.has('image') || this.canvas.has('background');
    return hasCanvas ? this.ready : undefined;
  }

  /** Rasterises again if what would be drawn (or its size) differs from the newest picture. */
  private refresh(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const canvas = readCanvasInput(this.doc, this.limits);
    if (canvas === undefined) return;
    const { width, height } = this.size();
    const key = `${canvas.digest}@${width}x${height}`;
    if (key === this.readyKey) return;
    this.running = true;
    this.rasterize(canvas, width, height)
      .then(
        ({ jpeg, imageDrawn }) => {
          this.ready = { digest: canvas.digest, jpeg, strokes: canvas.strokes.length, image: imageDrawn };
          this.readyKey = key;
          if (!this.closed) this.onReady();
        },
        (error: unknown) => this.onError(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  /** Stops rasterising (the room is unloading). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.sketch.unobserveDeep(this.changed);
    this.canvas.unobserve(this.changed);
    this.params.unobserve(this.changed);
  }

  private readonly changed = (): void => {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, RASTER_COALESCE_MS);
  };
}
