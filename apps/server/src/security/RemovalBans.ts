/**
 * Who a room's host removed, and who is kept out because of it (docs/SECURITY.md, removing a participant).
 *
 * A removal bans two keys for the ban's length: the removed person's **seat** (a random id their browser keeps and
 * sends when it joins, protocol `seat.ts`) and their **network address**. A join is refused while
 * - its seat is a banned seat, or
 * - it comes from a banned address with a seat this room had not seen before the ban (or with no seat at all).
 * So the removed person cannot come back by reloading, by opening a private window or by clearing the browser
 * while on the same network, while the people behind the same address who were already in the room (a whole
 * workshop behind one NAT) keep rejoining after a network blip. What it cannot stop: a removed person who changes
 * network *and* sheds their seat. Host tokens skip the address rule (the host's own new devices), not the seat rule.
 *
 * Everything is in memory, per server, and bounded: seats per room, rooms with seats, bans per room.
 */

/** Seats remembered per room (oldest first seen are forgotten first). */
export const MAX_SEATS_PER_ROOM = 4096;
/** Rooms whose seats are remembered (the least recently joined room is forgotten first). */
export const MAX_ROOMS_WITH_SEATS = 10_000;
/** Bans kept per room (the oldest is dropped first). */
export const MAX_BANS_PER_ROOM = 256;

/** A client's identity as far as bans go. */
export interface Participant {
  /** The client address (`clientAddress`), e.g. `203.0.113.7`. */
  address: string;
  /** The browser's seat, when it sent a valid one. */
  seat: string | undefined;
}

/** One removal's ban. */
interface Ban {
  seat: string | undefined;
  address: string;
  /** When the ban was made and when it ends, epoch ms. */
  madeAtMs: number;
  untilMs: number;
}

/** Why a join is refused: the ban's time left, in whole seconds (at least 1). */
export interface BanRefusal {
  secondsLeft: number;
  /** Which rule matched. */
  rule: 'seat' | 'address';
}

export class RemovalBans {
  /** roomId → seat → epoch ms first seen; Map order is insertion order, so the first entry is the oldest. */
  private readonly seats = new Map<string, Map<string, number>>();
  private readonly bans = new Map<string, Ban[]>();

  /**
   * @param banMs how long a removal keeps its keys out, ms (the server option `removeBanSeconds`)
   * @param nowMs the clock, epoch ms
   */
  constructor(
    private readonly banMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Records that `seat` joined `roomId` now (only its first time counts). */
  noteSeat(roomId: string, seat: string | undefined): void {
    if (seat === undefined) return;
    let room = this.seats.get(roomId);
    if (room === undefined) {
      room = new Map();
      if (this.seats.size >= MAX_ROOMS_WITH_SEATS) this.seats.delete(this.seats.keys().next().value!);
    } else {
      // Re-inserted: the most recently joined room is the last one forgotten.
      this.seats.delete(roomId);
    }
    this.seats.set(roomId, room);
    if (room.has(seat)) return;
    if (room.size >= MAX_SEATS_PER_ROOM) room.delete(room.keys().next().value!);
    room.set(seat, this.nowMs());
  }

  /** Bans `who` from `roomId` for the ban's length; returns when it ends, epoch ms. */
  ban(roomId: string, who: Participant): number {
    const now = this.nowMs();
    const list = this.activeBans(roomId);
    list.push({ seat: who.seat, address: who.address, madeAtMs: now, untilMs: now + this.banMs });
    if (list.length > MAX_BANS_PER_ROOM) list.shift();
    this.bans.set(roomId, list);
    return now + this.banMs;
  }

  /** Whether `who` may not join `roomId` now, and for how long; undefined when they may. */
  refusal(roomId: string, who: Participant & { host: boolean }): BanRefusal | undefined {
    const list = this.activeBans(roomId);
    if (list.length === 0) return undefined;
    const firstSeen = who.seat === undefined ? undefined : this.seats.get(roomId)?.get(who.seat);
    let untilMs = 0;
    let rule: BanRefusal['rule'] = 'address';
    for (const ban of list) {
      if (ban.seat !== undefined && ban.seat === who.seat) {
        untilMs = Math.max(untilMs, ban.untilMs);
        rule = 'seat';
      } else if (!who.host && ban.address === who.address && !(firstSeen !== undefined && firstSeen < ban.madeAtMs)) {
        untilMs = Math.max(untilMs, ban.untilMs);
      }
    }
    if (untilMs === 0) return undefined;
    return { secondsLeft: Math.max(1, Math.ceil((untilMs - this.nowMs()) / 1000)), rule };
  }

  /** The ban length, in whole seconds. */
  get banSeconds(): number {
    return Math.round(this.banMs / 1000);
  }

  /** The room's unexpired bans (expired ones are dropped, and a room without bans is forgotten). */
  private activeBans(roomId: string): Ban[] {
    const now = this.nowMs();
    const list = (this.bans.get(roomId) ?? []).filter((ban) => ban.untilMs > now);
    if (list.length === 0) this.bans.delete(roomId);
    else this.bans.set(roomId, list);
    return list;
  }
}
