/**
 * A synthetic person drawing on a room's sketch layer through a real y-websocket provider, the way the web app's
 * `SketchLayer` (apps/web/lib/SketchLayer.ts) does: the pointer moves at display rate, and the points gathered
 * since the last push go out as one push onto the stroke's `points` every {@link POINT_PUSH_MS} (a stroke is
 * created with its first point in one transaction). It logs, per point in drawing order, when the pointer made it
 * and when it was pushed, so peers can time each point's arrival. Schema: docs/PROTOCOL.md "The sketch layer".
 */
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SKETCH_ARRAY_NAME, SKETCH_UNITS } from '@promptjam/protocol';
import { epochNowMs, waitUntil } from './clock.js';
import { closeRoomProvider, openRoomProvider } from './roomProvider.js';
import { seededRandom } from './SyntheticTypist.js';

/** Pointer events per second: a 60 Hz display. */
export const POINTER_EVENT_MS = 1000 / 60;
/** How often gathered points are pushed: the web app's `POINT_FLUSH_MS` (under the server's 50 messages/s). */
export const POINT_PUSH_MS = 33;
/** Points per stroke before the pen lifts and a new stroke starts. */
const POINTS_PER_STROKE = 100;

/** Where a drawer draws. */
export interface SyntheticDrawerOptions {
  /** Base URL, e.g. `ws://127.0.0.1:41234`. */
  url: string;
  roomId: string;
  /** Seeds the path. */
  seed: number;
}

/** One drawer; see the module comment. */
export class SyntheticDrawer {
  /** Epoch ms the pointer made point `i` (points numbered in drawing order over all strokes). */
  readonly pointerAt: number[] = [];
  /** Epoch ms point `i` was pushed into the document (and so sent). */
  readonly pushedAt: number[] = [];
  private readonly doc = new Y.Doc();
  private readonly provider: WebsocketProvider;
  private readonly random: () => number;
  private pending: number[] = [];
  private pendingAt: number[] = [];
  private stroke: Y.Array<number> | null = null;
  private strokePoints = 0;
  private x = SKETCH_UNITS / 2;
  private y = SKETCH_UNITS / 2;
  private heading = 0;
  private pointerTimer: NodeJS.Timeout | null = null;
  private pushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SyntheticDrawerOptions) {
    this.random = seededRandom(options.seed);
    this.provider = openRoomProvider(options.url, options.roomId, this.doc, `drawer-${options.seed}`);
  }

  /** Resolves once the provider has synced with the server. */
  async synced(timeoutMs = 30_000): Promise<void> {
    await waitUntil(() => this.provider.synced, timeoutMs, `drawer in ${this.options.roomId} to sync`);
  }

  /** One pointer event: the pen wanders a few units on, pressure following a pen's swell. */
  private pointerMove(): void {
    this.heading += (this.random() - 0.5) * 0.6;
    this.x = Math.min(SKETCH_UNITS, Math.max(0, this.x + Math.cos(this.heading) * 6));
    this.y = Math.min(SKETCH_UNITS, Math.max(0, this.y + Math.sin(this.heading) * 6));
    this.pending.push(Math.round(this.x), Math.round(this.y), 60 + Math.round(this.random() * 40));
    this.pendingAt.push(epochNowMs());
  }

  /** Pushes the gathered points: onto the stroke in progress, or as a new stroke once it is full. */
  private push(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    const times = this.pendingAt;
    this.pending = [];
    this.pendingAt = [];
    const pushedAt = epochNowMs();
    if (this.stroke === null || this.strokePoints >= POINTS_PER_STROKE) {
      const points = new Y.Array<number>();
      points.push(batch);
      const stroke = new Y.Map<unknown>();
      stroke.set('tool', 'pen');
      stroke.set('colour', '#1971c2');
      stroke.set('width', 12);
      stroke.set('points', points);
      this.doc.transact(() => this.doc.getArray(SKETCH_ARRAY_NAME).push([stroke]));
      this.stroke = points;
      this.strokePoints = 0;
    } else {
      const points = this.stroke;
      this.doc.transact(() => points.push(batch));
    }
    this.strokePoints += times.length;
    this.pointerAt.push(...times);
    for (let i = 0; i < times.length; i += 1) this.pushedAt.push(pushedAt);
  }

  /** Starts drawing until {@link stop}. */
  start(): void {
    this.pointerTimer = setInterval(() => this.pointerMove(), POINTER_EVENT_MS);
    this.pushTimer = setInterval(() => this.push(), POINT_PUSH_MS);
  }

  /** Lifts the pen: pushes what is gathered and stops (the connection stays open). */
  stop(): void {
    if (this.pointerTimer) clearInterval(this.pointerTimer);
    if (this.pushTimer) clearInterval(this.pushTimer);
    this.pointerTimer = null;
    this.pushTimer = null;
    this.push();
  }

  /** Stops and disconnects. */
  destroy(): void {
    this.stop();
    closeRoomProvider(this.provider);
    this.doc.destroy();
  }
}
