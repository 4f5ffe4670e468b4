import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CanvasGuard } from './CanvasGuard.js';
import { DEFAULT_LIMITS } from './limits.js';
import { addStrokeUpdate, appendPointsUpdate, canvasUpdate, editOf, penStroke } from '../test/sketchEdits.js';
import { checkUpdate } from './updateStructure.js';

const limits = { ...DEFAULT_LIMITS, maxStrokePoints: 10, maxStrokes: 3, maxStrokeWidth: 64, maxImageBytes: 64 * 1024, maxImageSidePx: 256 };
const checkOptions = { maxStructs: 1e6, maxClients: 100, maxValueBytes: 1e6, allowedRootTypes: new Set(['prompt', 'params', 'sketch', 'canvas']), allowNestedTypes: true, budgetMs: 1e4 };

/** Judges `update` as the gate does and, when admitted, applies it to the room as the connection does. */
function admit(guard: CanvasGuard, room: Y.Doc, update: Uint8Array): ReturnType<CanvasGuard['admit']> {
  const check = checkUpdate(update, checkOptions);
  if (!check.ok) throw new Error(check.detail);
  const verdict = guard.admit(update, check.summary);
  if (verdict.ok) Y.applyUpdate(room, update);
  return verdict;
}

function png(width: number, height: number): Promise<Uint8Array> {
  return sharp({ create: { width, height, channels: 3, background: '#3366cc' } }).png().toBuffer().then((b) => new Uint8Array(b));
}

describe('CanvasGuard', () => {
  it('keeps no probe for rooms that only edit their prompt', () => {
    const room = new Y.Doc();
    const guard = new CanvasGuard(room, limits);
    expect(admit(guard, room, editOf(room, (r) => r.getText('prompt').insert(0, 'a fox')))).toEqual({ ok: true });
    expect(guard.probing).toBe(false);
  });

  it('admits a stroke and its live appends up to the point limit, and refuses the append past it', () => {
    const room = new Y.Doc();
    const guard = new CanvasGuard(room, limits);
    expect(admit(guard, room, addStrokeUpdate(room, penStroke([1, 1, 100])))).toEqual({ ok: true });
    expect(guard.probing).toBe(true);
    for (let i = 0; i < 9; i++) expect(admit(guard, room, appendPointsUpdate(room, 0, [i, i, 50]))).toEqual({ ok: true });
    expect(admit(guard, room, appendPointsUpdate(room, 0, [5, 5, 50]))).toMatchObject({ ok: false, reason: 'sketch-refused', detail: expect.stringMatching(/11 points.*limit 10/) });
    expect((room.getArray<Y.Map<Y.Array<number>>>('sketch').get(0).get('points')!).length).toBe(30);
    // The refused append left the probe rebuilt from the room: the next valid edit is judged on the room's state.
    expect(admit(guard, room, addStrokeUpdate(room, penStroke()))).toEqual({ ok: true });
  });

  it.each([
    ['a NaN coordinate', penStroke([Number.NaN, 1, 100])],
    ['an infinite coordinate', penStroke([1, Infinity, 100])],
    ['a width above the limit', { ...penStroke(), width: 65 }],
    ['a colour that is not #rrggbb', { ...penStroke(), colour: 'url(javascript:x)' }],
    ['an unknown tool', { ...penStroke(), tool: 'flood-fill' }],
    ['an unknown key', { ...penStroke(), onload: 'x' }],
    ['too many points at once', penStroke(new Array(33).fill(1))],
  ])('refuses a stroke with %s', (_what, fields) => {
    const room = new Y.Doc();
    const guard = new CanvasGuard(room, limits);
    expect(admit(guard, room, addStrokeUpdate(room, fields))).toMatchObject({ ok: false, reason: 'sketch-refused' });
    expect(room.getArray('sketch').length).toBe(0);
  });

  it('refuses NaN appended to a valid stroke, and a plain value pushed into the stroke list', () => {
    const room = new Y.Doc();
    const guard = new CanvasGuard(room, limits);
    admit(guard, room, addStrokeUpdate(room, penStroke()));
    expect(admit(guard, room, appendPointsUpdate(room, 0, [Number.NaN, 2, 100]))).toMatchObject({ ok: false, reason: 'sketch-refused' });
    expect(admit(guard, room, editOf(room, (r) => r.getArray('sketch').push([42])))).toMatchObject({ ok: false, reason: 'sketch-refused' });
  });

  it('refuses the stroke past the stroke limit; deleting strokes makes room again', () => {
    const room = new Y.Doc();
    const guard = new CanvasGuard(room, limits);
    for (let i = 0; i < 3; i++) expect(admit(guard, room, addStrokeUpdate(room, penStroke()))).toEqual({ ok: true });
    expect(admit(guard, room, addStrokeUpdate(room, penStroke()))).toMatchObject({ ok: false, detail: '4 strokes, limit 3' });
    expect(admit(guard, room, editOf(room, (r) => r.getArray('sketch').delete(0, 3)))).toEqual({ ok: true });
    expect(admit(guard, room, addStrokeUpdate(room, penStroke()))).toEqual({ ok: true });
  });

  it('admits a PNG starting image and a background colour; refuses a non-image, a too-large image and bad keys', async () => {
    const room = new Y.Doc();
    const guard = new CanvasGuard(room, limits);
    expect(admit(guard, room, canvasUpdate(room, 'image', await png(64, 48)))).toEqual({ ok: true });
    expect(admit(guard, room, canvasUpdate(room, 'background', '#112233'))).toEqual({ ok: true });
    expect(admit(guard, room, canvasUpdate(room, 'image', new TextEncoder().encode('<svg onload=alert(1)>')))).toMatchObject({ ok: false, reason: 'image-refused', detail: expect.stringMatching(/not a PNG/) });
    expect(admit(guard, room, canvasUpdate(room, 'image', await png(300, 10)))).toMatchObject({ ok: false, reason: 'image-refused', detail: expect.stringMatching(/300x10/) });
    expect(admit(guard, room, canvasUpdate(room, 'image', 'data:image/png;base64,xyz'))).toMatchObject({ ok: false, reason: 'image-refused' });
    expect(admit(guard, room, canvasUpdate(room, 'background', 'red'))).toMatchObject({ ok: false, reason: 'image-refused' });
    expect(admit(guard, room, canvasUpdate(room, 'script', 'x'))).toMatchObject({ ok: false, reason: 'image-refused' });
    expect(room.getMap('canvas').get('background')).toBe('#112233');
  });

  it('starts probing a room loaded with a sketch', () => {
    const room = new Y.Doc();
    Y.applyUpdate(room, addStrokeUpdate(undefined, penStroke()));
    const guard = new CanvasGuard(room, limits);
    expect(guard.probing).toBe(true);
    expect(admit(guard, room, appendPointsUpdate(room, 0, [Number.NaN, 0, 0]))).toMatchObject({ ok: false });
  });
});
