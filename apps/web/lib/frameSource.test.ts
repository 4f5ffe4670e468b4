import type { FrameImg2Img } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { frameSourceLabel, frameSourceOf } from './frameSource';

const base: FrameImg2Img = { strength: 0.5, steps: 2, strokes: 0, image: false, canvas: '0123456789abcdef' };

describe('frameSourceLabel', () => {
  it('names what the frame really came from: a picture, a picture with strokes, strokes, or the background alone', () => {
    expect(frameSourceLabel({ ...base, image: true })).toBe('from the starting picture · strength 0.5');
    expect(frameSourceLabel({ ...base, image: true, strokes: 3 })).toBe('from the picture and sketch · strength 0.5');
    expect(frameSourceLabel({ ...base, strokes: 1, strength: 0.75 })).toBe('from the sketch · strength 0.75');
    expect(frameSourceLabel(base)).toBe('from the background colour · strength 0.5');
  });
});

describe('frameSourceOf', () => {
  it('text without img2img, image when a starting picture was drawn, else sketch', () => {
    expect([frameSourceOf(undefined), frameSourceOf({ ...base, image: true, strokes: 2 }), frameSourceOf({ ...base, strokes: 2 })]).toEqual(['text', 'image', 'sketch']);
  });
});
