import type { Page } from 'playwright-core';
import { UI_TIMEOUT_MS } from './pages';

/** A point on the sketch as a fraction of its width and height (0-1). */
export interface Spot {
  x: number;
  y: number;
}

const CANVAS = '[data-testid="sketch-canvas"]';

/** Where `spot` of the sketch canvas is on the page, in CSS pixels. */
async function pageXY(page: Page, spot: Spot): Promise<{ x: number; y: number }> {
  const box = await page.locator(CANVAS).boundingBox();
  if (box === null) throw new Error('the sketch canvas is not on the page');
  return { x: box.x + spot.x * box.width, y: box.y + spot.y * box.height };
}

/** Presses the mouse at `from` and moves it to `to` in `steps` moves, without releasing it. */
export async function startStroke(page: Page, from: Spot, to: Spot, steps = 12): Promise<void> {
  const start = await pageXY(page, from);
  const end = await pageXY(page, to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps });
}

/** Draws a whole stroke from `from` to `to` with the mouse. */
export async function drawStroke(page: Page, from: Spot, to: Spot): Promise<void> {
  await startStroke(page, from, to);
  await page.mouse.up();
}

/** The RGBA of the sketch layer (not the picture under it) at `spot`. */
export function inkAt(page: Page, spot: Spot): Promise<[number, number, number, number]> {
  return page.evaluate(
    ({ selector, x, y }) => {
      const canvas = document.querySelector(selector) as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(Math.floor(x * (canvas.width - 1)), Math.floor(y * (canvas.height - 1)), 1, 1).data;
      return [data[0]!, data[1]!, data[2]!, data[3]!] as [number, number, number, number];
    },
    { selector: CANVAS, ...spot },
  );
}

/** Waits until the sketch layer at `spot` is (or, with `inked` false, is not) painted. */
export async function waitForInk(page: Page, spot: Spot, inked = true): Promise<void> {
  await page.waitForFunction(
    ({ selector, x, y, inked }) => {
      const canvas = document.querySelector(selector) as HTMLCanvasElement | null;
      if (canvas === null) return false;
      const alpha = canvas.getContext('2d')!.getImageData(Math.floor(x * (canvas.width - 1)), Math.floor(y * (canvas.height - 1)), 1, 1).data[3]!;
      return inked ? alpha > 200 : alpha === 0;
    },
    { selector: CANVAS, ...spot, inked },
    { timeout: UI_TIMEOUT_MS, polling: 50 },
  );
}

/** The live picture's frame: its seq, what it was drawn from (`text`, `sketch`, `image`) and a hash of its bytes. */
export interface ShownFrame {
  seq: number;
  source: string;
  hash: string;
}

/**
 * Waits for a shown frame with a seq above `afterSeq` that matches `source` (any when omitted) and hashes its
 * bytes. The page frees a frame's blob URL once a newer frame replaces it, so a frame replaced before it could be
 * read is skipped and the newer one read instead.
 */
export async function waitForFrame(page: Page, afterSeq: number, source?: string): Promise<ShownFrame> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    await page.waitForFunction(
      ({ afterSeq, source }) => {
        const img = document.querySelector('figure.live-image img') as HTMLImageElement | null;
        return img !== null && Number(img.dataset.seq) > afterSeq && (source === undefined || img.dataset.source === source);
      },
      { afterSeq, source },
      { timeout: UI_TIMEOUT_MS, polling: 100 },
    );
    const shown = await page.evaluate(async () => {
      const img = document.querySelector('figure.live-image img') as HTMLImageElement;
      try {
        const digest = await crypto.subtle.digest('SHA-256', await (await fetch(img.src)).arrayBuffer());
        const hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
        return { seq: Number(img.dataset.seq), source: img.dataset.source ?? '', hash };
      } catch {
        return null; // replaced (and its URL freed) meanwhile: look again
      }
    });
    if (shown !== null && shown.seq > afterSeq && (source === undefined || shown.source === source)) return shown;
    if (Date.now() > deadline) throw new Error(`no readable frame after seq ${afterSeq} (${source ?? 'any source'})`);
  }
}

/** Drops a generated `width` x `height` PNG of one `colour` on the sketch, as a person dragging a file would. */
export async function dropPng(page: Page, width: number, height: number, colour: string): Promise<void> {
  await page.evaluate(
    async ({ selector, width, height, colour }) => {
      const source = new OffscreenCanvas(width, height);
      const ctx = source.getContext('2d')!;
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, width, height);
      const blob = await source.convertToBlob({ type: 'image/png' });
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], 'start.png', { type: 'image/png' }));
      const target = document.querySelector(selector)!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { selector: CANVAS, width, height, colour },
  );
}

/**
 * Waits until every page shows the same frame (same seq) above `afterSeq` from `source`, and returns what each
 * shows. While someone draws, frames keep coming, so the pages may briefly show different ones.
 */
export async function waitForSameFrame(pages: Page[], afterSeq: number, source: string): Promise<ShownFrame[]> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const shown = await Promise.all(pages.map((page) => waitForFrame(page, afterSeq, source)));
    if (shown.every((frame) => frame.seq === shown[0]!.seq)) return shown;
    if (Date.now() > deadline) throw new Error(`pages show different frames: ${shown.map((f) => f.seq).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Cells a side of {@link shownFrameCells}'s grid. */
export const FRAME_GRID = 8;

/**
 * The shown frame's pixels as a {@link FRAME_GRID} x {@link FRAME_GRID} grid of mean RGB cells (row by row, 0-255),
 * read from the decoded image: enough to tell one picture from another, or from a white page.
 */
export async function shownFrameCells(page: Page): Promise<Array<[number, number, number]>> {
  return page.evaluate(async (grid) => {
    const img = document.querySelector('figure.live-image img') as HTMLImageElement;
    const bitmap = await createImageBitmap(await (await fetch(img.src)).blob());
    const canvas = new OffscreenCanvas(grid, grid);
    const ctx = canvas.getContext('2d')!;
    // Scaling down to the grid averages each cell's pixels.
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, grid, grid);
    const data = ctx.getImageData(0, 0, grid, grid).data;
    const cells: Array<[number, number, number]> = [];
    for (let i = 0; i < data.length; i += 4) cells.push([data[i]!, data[i + 1]!, data[i + 2]!]);
    return cells;
  }, FRAME_GRID);
}

/** Mean absolute difference per channel between two cell grids, 0-255. */
export function cellDistance(a: Array<[number, number, number]>, b: Array<[number, number, number]>): number {
  let sum = 0;
  for (const [i, cell] of a.entries()) for (let c = 0; c < 3; c += 1) sum += Math.abs(cell[c]! - b[i]![c]!);
  return sum / (a.length * 3);
}
