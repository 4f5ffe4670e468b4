import type { CanvasChange, CanvasRasterizer, RasterizedCanvas } from './canvasChange.js';
import { SketchSurface } from './SketchSurface.js';

/**
 * Bytes of pixels kept between changes, all rooms together. A room's surface holds two canvases of
 * `width * height * 4` bytes (a third for erasers over a starting image): 2 MiB at 512x512, 8 MiB at the
 * largest frame (1024x1024), so 128 MiB keeps 64 rooms at 512x512 (16 at 1024x1024). Past it the least
 * recently drawn room's surface is dropped, and that room redraws from scratch on its next change. Its strokes
 * (at most the sketch limits: 2,000 strokes of 5,000 points by default) are kept with it.
 */
export const MAX_KEPT_SURFACE_BYTES = 128 * 1024 * 1024;

/**
 * The rooms' kept canvases (bounded by {@link MAX_KEPT_SURFACE_BYTES}), least recently drawn first: applies each change to its room's {@link SketchSurface}
 * and reads the pixels. Runs on the raster thread (`rasterWorker.ts`); used directly it draws in the calling
 * thread (tests, a server without a raster thread).
 */
export class SketchSurfaces implements CanvasRasterizer {
  private readonly surfaces = new Map<string, SketchSurface>();
  /** The draw under way per room: a room dropped while its picture was being drawn is not kept afterwards. */
  private readonly drawing = new Map<string, object>();

  constructor(private readonly maxKeptBytes = MAX_KEPT_SURFACE_BYTES) {}

  /** Rooms whose pictures are kept now. */
  get size(): number {
    return this.surfaces.size;
  }

  async draw(room: string, width: number, height: number, change: CanvasChange): Promise<RasterizedCanvas | null> {
    let surface = this.surfaces.get(room);
    this.surfaces.delete(room);
    let redraw: RasterizedCanvas['redraw'] = 'full';
    if (change.kind === 'full') {
      if (surface?.width !== width || surface.height !== height) surface = new SketchSurface(width, height);
      const token = {};
      this.drawing.set(room, token);
      await surface.reset(change);
      const dropped = this.drawing.get(room) !== token;
      if (!dropped) this.drawing.delete(room);
      if (dropped) return this.read(surface, redraw);
    } else {
      if (surface?.width !== width || surface.height !== height) return null;
      try {
        redraw = surface.append(change);
      } catch (error) {
        if (error instanceof RangeError) return null; // out of step with the caller: it sends everything
        throw error;
      }
    }
    this.keep(room, surface);
    return this.read(surface, redraw);
  }

  private read(surface: SketchSurface, redraw: RasterizedCanvas['redraw']): RasterizedCanvas {
    return { width: surface.width, height: surface.height, changed: surface.changedPixels(), imageDrawn: surface.imageDrawn, redraw };
  }

  drop(room: string): void {
    this.surfaces.delete(room);
    this.drawing.delete(room);
  }

  /** Keeps `room`'s surface as the most recently drawn; drops the least recently drawn ones past the byte bound (never the newest). */
  private keep(room: string, surface: SketchSurface): void {
    this.surfaces.set(room, surface);
    let bytes = 0;
    for (const kept of this.surfaces.values()) bytes += kept.bytes;
    for (const [oldest, kept] of this.surfaces) {
      if (bytes <= this.maxKeptBytes || kept === surface) break;
      this.surfaces.delete(oldest);
      bytes -= kept.bytes;
    }
  }
}
