/**
 * Builders of sketch and canvas edits as raw Yjs updates, the way any client would send them: a replica of the
 * room's document makes the edit and the update is its difference. Values are not checked here, so tests can
 * send what a hostile client would (NaN points, a million of them, a non-image).
 */
import * as Y from 'yjs';

/** A well-formed stroke's fields (points as flat x, y, pressure triples). */
export function penStroke(points: number[] = [100, 100, 100, 400, 400, 100]): Record<string, unknown> {
  return { tool: 'pen', colour: '#ff2200', width: 24, author: 'Ada', points };
}

/** Runs `edit` on a replica of `room` and returns the update it produced. */
export function editOf(room: Y.Doc | undefined, edit: (replica: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  if (room) Y.applyUpdate(replica, Y.encodeStateAsUpdate(room));
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

/** Pushes `fields` as a new stroke (a Y.Map, its `points` a nested Y.Array). */
export function addStroke(replica: Y.Doc, fields: Record<string, unknown>): void {
  const stroke = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'points' && Array.isArray(value)) {
      const points = new Y.Array<unknown>();
      // In chunks: Yjs spreads an inserted array into call arguments, which overflows the stack past ~100k.
      for (let i = 0; i < value.length; i += 10_000) points.push(value.slice(i, i + 10_000));
      stroke.set(key, points);
    } else {
      stroke.set(key, value);
    }
  }
  replica.getArray('sketch').push([stroke]);
}

/** Appends `points` to the stroke at `index`, as a drawing client does while the pointer moves. */
export function appendPoints(replica: Y.Doc, index: number, points: unknown[]): void {
  const stroke = replica.getArray<Y.Map<unknown>>('sketch').get(index);
  (stroke.get('points') as Y.Array<unknown>).push(points);
}

/** The update adding one stroke to `room`. */
export function addStrokeUpdate(room: Y.Doc | undefined, fields: Record<string, unknown>): Uint8Array {
  return editOf(room, (replica) => addStroke(replica, fields));
}

/** The update appending `points` to stroke `index` of `room`. */
export function appendPointsUpdate(room: Y.Doc, index: number, points: unknown[]): Uint8Array {
  return editOf(room, (replica) => appendPoints(replica, index, points));
}

/** The update setting the canvas map's `key` (`image`, `background`) to `value`. */
export function canvasUpdate(room: Y.Doc | undefined, key: string, value: unknown): Uint8Array {
  return editOf(room, (replica) => replica.getMap('canvas').set(key, value));
}
