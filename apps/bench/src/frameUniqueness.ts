/**
 * Checks that every frame a room's clients received was rendered once. Each frame carries the room's `seq`; a
 * frame rendered twice shows up either as one client receiving the same seq more than once, or as clients
 * receiving different renders (another `startedAt`, `genMs` or prompt) under the same seq. With a cluster this
 * is what a lost render lease would look like: two members rendering the same room state.
 */
import type { FrameArrival } from './FrameLog.js';

/** What {@link checkFramesRenderedOnce} found in one room or, summed, in several. */
export interface FrameUniqueness {
  /** Distinct seqs received. */
  frames: number;
  /** Seqs received more than once by one client, or as different renders by different clients. */
  renderedTwice: number[];
}

const renderKey = (f: FrameArrival): string => `${f.startedAtEpochMs}|${f.genMs}|${f.prompt}`;

/** Checks one room: `arrivalsByClient` holds every client's frames, in any order. */
export function checkFramesRenderedOnce(arrivalsByClient: ReadonlyArray<readonly FrameArrival[]>): FrameUniqueness {
  const renderBySeq = new Map<number, string>();
  const twice = new Set<number>();
  for (const arrivals of arrivalsByClient) {
    const seen = new Set<number>();
    for (const frame of arrivals) {
      if (seen.has(frame.seq)) twice.add(frame.seq);
      seen.add(frame.seq);
      const key = renderKey(frame);
      const known = renderBySeq.get(frame.seq);
      if (known === undefined) renderBySeq.set(frame.seq, key);
      else if (known !== key) twice.add(frame.seq);
    }
  }
  return { frames: renderBySeq.size, renderedTwice: [...twice].sort((a, b) => a - b) };
}

/** Sums the checks of several rooms (their seqs are per room, so the lists are concatenated, not merged). */
export function sumFrameUniqueness(rooms: readonly FrameUniqueness[]): FrameUniqueness {
  return { frames: rooms.reduce((n, r) => n + r.frames, 0), renderedTwice: rooms.flatMap((r) => r.renderedTwice) };
}
