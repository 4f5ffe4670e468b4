import { describe, expect, it } from 'vitest';
import { AwarenessClaims } from './AwarenessClaims.js';

const live = (clientId: number) => ({ clientId, state: { user: { name: `u${clientId}` } } });
const gone = (clientId: number) => ({ clientId, state: null });

describe('AwarenessClaims', () => {
  it('gives a connection the first id it announces with a live state', () => {
    const claims = new AwarenessClaims();
    const a = {};
    expect(claims.writableEntries(a, [live(7)])).toEqual([live(7)]);
    expect(claims.claimedBy(a)).toBe(7);
    expect(claims.writableEntries(a, [gone(7)])).toEqual([gone(7)]);
    expect(claims.writableEntries(a, [])).toEqual([]);
  });

  it('keeps only the own entry of a message that echoes other people', () => {
    const claims = new AwarenessClaims();
    const a = {};
    const b = {};
    claims.writableEntries(a, [live(1)]);
    claims.writableEntries(b, [live(2)]);
    // A stock client relays what it received: b's presence, and the removal of someone who left (3).
    expect(claims.writableEntries(a, [live(2), gone(3), live(1)])).toEqual([live(1)]);
    expect(claims.writableEntries(b, [live(1)])).toEqual([]);
    expect(claims.claimedBy(b)).toBe(2);
  });

  it('never claims an id from a removal, nor one another connection holds', () => {
    const claims = new AwarenessClaims();
    const a = {};
    const b = {};
    expect(claims.writableEntries(a, [gone(9)])).toEqual([]);
    expect(claims.claimedBy(a)).toBeUndefined();
    claims.writableEntries(a, [live(5)]);
    expect(claims.writableEntries(b, [live(5)])).toEqual([]);
    expect(claims.claimedBy(b)).toBeUndefined();
  });

  it('frees the id when the owner leaves, so a reconnecting client can take it', () => {
    const claims = new AwarenessClaims();
    const a = {};
    const b = {};
    claims.writableEntries(a, [live(5)]);
    expect(claims.release(a)).toBe(5);
    expect(claims.size).toBe(0);
    expect(claims.writableEntries(b, [live(5)])).toEqual([live(5)]);
  });
});
