import { describe, expect, it } from 'vitest';
import { TokenBucket } from './TokenBucket.js';

function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TokenBucket', () => {
  it('admits a burst up to capacity, then refuses', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(5, 1, clock.now);
    for (let i = 0; i < 5; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  it('refills at the sustained rate and never above capacity', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 4, clock.now);
    expect(bucket.tryTake(10)).toBe(true);
    clock.advance(500);
    expect(bucket.available()).toBeCloseTo(2, 6);
    expect(bucket.tryTake(3)).toBe(false);
    expect(bucket.tryTake(2)).toBe(true);
    clock.advance(60_000);
    expect(bucket.available()).toBe(10);
    expect(bucket.isFull()).toBe(true);
  });

  it('never admits a cost above capacity', () => {
    const bucket = new TokenBucket(100, 100, manualClock().now);
    expect(bucket.tryTake(101)).toBe(false);
    expect(bucket.available()).toBe(100);
  });

  it('ignores a clock that goes backwards', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(3, 1, clock.now);
    bucket.tryTake(3);
    clock.advance(-10_000);
    expect(bucket.available()).toBe(0);
  });

  it('charges spent cost into debt and pays it back over time', () => {
    const clock = manualClock();
    const bucket = new TokenBucket(100, 50, clock.now);
    bucket.charge(250);
    expect(bucket.available()).toBe(-150);
    expect(bucket.tryTake(1)).toBe(false);
    clock.advance(3000);
    expect(bucket.available()).toBe(0);
    clock.advance(1000);
    expect(bucket.tryTake(50)).toBe(true);
  });

  it('refuses nonsense sizes', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
    expect(() => new TokenBucket(1, Number.NaN)).toThrow(RangeError);
  });
});
