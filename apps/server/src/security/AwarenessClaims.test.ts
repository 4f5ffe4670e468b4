import { describe, expect, it } from 'vitest';
import { AwarenessClaims } from './AwarenessClaims.js';

describe('AwarenessClaims', () => {
  it('binds a connection to the first id it speaks for', () => {
    const claims = new AwarenessClaims();
    const a = {};
    expect(claims.claim(a, [7])).toEqual({ ok: true });
    expect(claims.claimedBy(a)).toBe(7);
    expect(claims.claim(a, [7, 7])).toEqual({ ok: true });
    expect(claims.claim(a, [])).toEqual({ ok: true });
  });

  it('refuses a second id for one connection, and records nothing', () => {
    const claims = new AwarenessClaims();
    const a = {};
    expect(claims.claim(a, [1, 2])).toMatchObject({ ok: false, conflict: 'second-id' });
    expect(claims.claimedBy(a)).toBeUndefined();
    claims.claim(a, [1]);
    expect(claims.claim(a, [2])).toMatchObject({ ok: false, conflict: 'second-id' });
  });

  it("refuses another connection's id until it is released", () => {
    const claims = new AwarenessClaims();
    const a = {};
    const b = {};
    claims.claim(a, [5]);
    expect(claims.claim(b, [5])).toMatchObject({ ok: false, conflict: 'taken' });
    expect(claims.release(a)).toBe(5);
    expect(claims.size).toBe(0);
    expect(claims.claim(b, [5])).toEqual({ ok: true });
    expect(claims.release(a)).toBeUndefined();
  });
});
