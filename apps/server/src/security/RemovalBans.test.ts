import { describe, expect, it } from 'vitest';
import { MAX_SEATS_PER_ROOM, RemovalBans } from './RemovalBans.js';

/** A ban list of `banSeconds` on a hand-driven clock. */
function bansWithClock(banSeconds = 60): { bans: RemovalBans; advance(ms: number): void } {
  let now = 1_000_000;
  return { bans: new RemovalBans(banSeconds * 1000, () => now), advance: (ms) => (now += ms) };
}

const HECKLER = { address: '203.0.113.7', seat: 'heckler-seat-0001' };

describe('RemovalBans', () => {
  it('refuses the removed seat from any address, for the ban length only', () => {
    const { bans, advance } = bansWithClock(60);
    bans.noteSeat('room', HECKLER.seat);
    advance(10);
    bans.ban('room', HECKLER);
    expect(bans.refusal('room', { address: '198.51.100.1', seat: HECKLER.seat, host: false })).toEqual({ secondsLeft: 60, rule: 'seat' });
    // A host token does not lift a seat ban.
    expect(bans.refusal('room', { ...HECKLER, host: true })?.rule).toBe('seat');
    advance(59_500);
    expect(bans.refusal('room', { ...HECKLER, host: false })?.secondsLeft).toBe(1);
    advance(500);
    expect(bans.refusal('room', { ...HECKLER, host: false })).toBeUndefined();
  });

  it('refuses newcomers from the removed address, but not people the room saw before the ban or hosts', () => {
    const { bans, advance } = bansWithClock();
    bans.noteSeat('room', 'neighbour-seat-001');
    advance(10);
    bans.ban('room', HECKLER);
    advance(10);
    bans.noteSeat('room', 'late-seat-0000001');
    const from = (seat: string | undefined, host = false) => bans.refusal('room', { address: HECKLER.address, seat, host });
    expect(from('neighbour-seat-001')).toBeUndefined();
    expect(from('late-seat-0000001')?.rule).toBe('address');
    expect(from('private-window-01')?.rule).toBe('address');
    expect(from(undefined)?.rule).toBe('address');
    expect(from(undefined, true)).toBeUndefined();
    expect(bans.refusal('room', { address: '198.51.100.1', seat: undefined, host: false })).toBeUndefined();
    expect(bans.refusal('other-room', { ...HECKLER, host: false })).toBeUndefined();
  });

  it('forgets the oldest seats of a room beyond its bound (they count as newcomers again)', () => {
    const { bans, advance } = bansWithClock();
    bans.noteSeat('room', 'first-seat-000000');
    for (let i = 0; i < MAX_SEATS_PER_ROOM; i++) bans.noteSeat('room', `seat-${String(i).padStart(12, '0')}`);
    advance(10);
    bans.ban('room', { address: HECKLER.address, seat: undefined });
    expect(bans.refusal('room', { address: HECKLER.address, seat: 'first-seat-000000', host: false })?.rule).toBe('address');
    expect(bans.refusal('room', { address: HECKLER.address, seat: 'seat-000000000001', host: false })).toBeUndefined();
  });
});
