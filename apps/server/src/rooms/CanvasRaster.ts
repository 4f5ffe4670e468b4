import { CANVAS_MAP_NAME, PARAMS_MAP_NAME, SKETCH_ARRAY_NAME, type SketchLimits } from '@promptjam/protocol';
import type * as Y from 'yjs';
import type { CanvasRasterizer } from '../render/canvasChange.js';
import type { CanvasFrameInput } from '../render/renderTypes.js';
import { RoomPicture } from '../render/RoomPicture.js';
import { SketchTracker } from './SketchTracker.js';

/**
 * Changes within this long are rasterised once, in ms: a drawing client pushes points about 30 times a second,
 * and one rasterisation per push would only queue work on the raster thread.
 */
export const RASTER_COALESCE_MS = 16;

/**
 * A room's rasterised canvas, kept ready for its next frame. Rasterising is asynchronous (a raster thread) and
 * the scheduler plans frames synchronously, so the room rasterises when its canvas or size changes, keeps the
 * newest finished picture, and marks itself dirty when one is ready: a frame is made from the newest picture
 * that is ready, and the next frame from a newer one (latest wins, as for the prompt). One rasterisation runs
 * per room at a time; changes meanwhile are drawn once it ends. The rasteriser keeps the room's picture between
 * changes, so while people draw only their new points are drawn ({@link SketchTracker} works out what is new).
 * A failed rasterisation keeps the last picture and redraws everything next time. It follows the sketch, canvas
 * and params types (their observers), so prompt edits cost it nothing.
 */
export class CanvasRaster {
  /** What the newest picture shows (its pixels are in `picture`). */
  private ready: Omit<CanvasFrameInput, 'pixels'> | undefined;
  private readonly picture = new RoomPicture();
  private running = false;
  private again = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly tracker: SketchTracker;
  private readonly sketch: Y.Array<unknown>;
  private readonly canvas: Y.Map<unknown>;
  private readonly params: Y.Map<unknown>;

  constructor(
    private readonly room: string,
    doc: Y.Doc,
    limits: SketchLimits,
    private readonly rasterizer: CanvasRasterizer,
    private readonly size: () => { width: number; height: number },
    /** A new picture is ready. */
    private readonly onReady: () => void,
    private readonly onError: (error: Error) => void,
    /** Whether frames can use a picture at all (the engine does img2img); while not, nothing is drawn. */
    private readonly wanted: () => boolean = () => true,
  ) {
    this.tracker = new SketchTracker(doc, limits);
    this.sketch = doc.getArray(SKETCH_ARRAY_NAME);
    this.canvas = doc.getMap(CANVAS_MAP_NAME);
    this.params = doc.getMap(PARAMS_MAP_NAME);
    this.sketch.observeDeep(this.changed);
    this.canvas.observe(this.changed);
    this.params.observe(this.changed);
    this.refresh();
  }

  /** Whether the room has a canvas at all (strokes, a background or an image). */
  get hasCanvas(): boolean {
    return this.tracker.hasCanvas;
  }

  /**
   * The picture frames should start from: undefined when the room has no canvas (text-to-image), else the newest
   * finished picture (undefined too until the first one is ready).
   */
  current(): CanvasFrameInput | undefined {
    if (!this.tracker.hasCanvas || this.ready === undefined) return undefined;
    const pixels = this.picture.lend();
    return pixels === undefined ? undefined : { ...this.ready, pixels };
  }

  /** Rasterises what changed since the newest picture (its size included), if anything did. */
  private refresh(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (!this.tracker.hasCanvas || !this.wanted()) return;
    const { width, height } = this.size();
    const next = this.tracker.next(width, height);
    if (next === undefined) return;
    this.running = true;
    this.rasterizer
      .draw(this.room, width, height, next.change)
      .then(
        (drawn) => {
          if (drawn === null || !this.picture.apply(drawn)) {
            // The rasteriser had no picture to append to (evicted, or its thread restarted), or sent a patch
            // this side cannot place: send everything.
            this.tracker.resend();
            this.again = true;
            return;
          }
          this.ready = { digest: next.digest, strokes: next.strokes, image: drawn.imageDrawn };
          if (!this.closed) this.onReady();
        },
        (error: unknown) => {
          this.tracker.resend();
          this.onError(error instanceof Error ? error : new Error(String(error)));
        },
      )
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  /** Stops rasterising and lets the rasteriser forget the room's picture (the room is unloading). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.tracker.close();
    this.sketch.unobserveDeep(this.changed);
    this.canvas.unobserve(this.changed);
    this.params.unobserve(this.changed);
    this.rasterizer.drop(this.room);
  }

  private readonly changed = (): void => {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, RASTER_COALESCE_MS);
  };
}
