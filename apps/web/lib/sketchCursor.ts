import { SKETCH_UNITS } from '@promptjam/protocol';
import type { Awareness } from 'y-protocols/awareness';
import { colourForClient, cleanPersonName } from './presence';

/** The awareness field holding where a person points on the sketch, in sketch units, or null off the canvas. */
export const SKETCH_CURSOR_FIELD = 'sketchCursor';

/**
 * Cursor updates are published at most this often, in ms: the server allows 20 presence messages a second per
 * connection (docs/SECURITY.md), so ten leave room for name and typing changes.
 */
export const CURSOR_PUBLISH_MS = 100;

/** Another person's pointer over the sketch. */
export interface SketchCursor {
  clientId: number;
  name: string;
  color: string;
  /** Sketch units, 0-1024. */
  x: number;
  y: number;
  /** True while their pointer is down (they are drawing). */
  drawing: boolean;
}

/** Everyone else's cursor over the sketch, read from untrusted awareness states (malformed ones are skipped). */
export function readSketchCursors(states: ReadonlyMap<number, unknown>, selfId: number): SketchCursor[] {
  const cursors: SketchCursor[] = [];
  for (const [clientId, state] of states) {
    if (clientId === selfId || typeof state !== 'object' || state === null) continue;
    const record = state as Record<string, unknown>;
    const cursor = record[SKETCH_CURSOR_FIELD] as Record<string, unknown> | null | undefined;
    if (typeof cursor !== 'object' || cursor === null) continue;
    const { x, y } = cursor;
    if (typeof x !== 'number' || typeof y !== 'number' || !(x >= 0 && x <= SKETCH_UNITS && y >= 0 && y <= SKETCH_UNITS)) continue;
    const user = (typeof record.user === 'object' && record.user !== null ? record.user : {}) as Record<string, unknown>;
    const name = typeof user.name === 'string' ? cleanPersonName(user.name) : '';
    const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : colourForClient(clientId);
    cursors.push({ clientId, name: name || 'Guest', color, x, y, drawing: cursor.drawing === true });
  }
  return cursors;
}

/** Publishes this person's sketch cursor, throttled to {@link CURSOR_PUBLISH_MS} with the latest position winning. */
export class CursorPublisher {
  private latest: { x: number; y: number; drawing: boolean } | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastMs = -Infinity;

  constructor(private readonly awareness: Awareness) {}

  /** Where the pointer is (sketch units), or null when it left the canvas. */
  move(cursor: { x: number; y: number; drawing: boolean } | null): void {
    this.latest = cursor === null ? null : { x: Math.round(cursor.x), y: Math.round(cursor.y), drawing: cursor.drawing };
    if (cursor === null) return this.publish();
    const since = performance.now() - this.lastMs;
    if (since >= CURSOR_PUBLISH_MS) this.publish();
    else this.timer ??= setTimeout(() => this.publish(), CURSOR_PUBLISH_MS - since);
  }

  destroy(): void {
    clearTimeout(this.timer);
  }

  private publish(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastMs = performance.now();
    if (this.awareness.getLocalState() === null) return;
    this.awareness.setLocalStateField(SKETCH_CURSOR_FIELD, this.latest);
  }
}
