/**
 * Turns typists' keystroke logs and every client's frame arrivals into keystroke-to-frame figures.
 *
 * For each frame at each client, the keystroke is the one that produced the frame's exact prompt (the newest
 * edit the frame shows). Three views of the same arrivals:
 * - `latency`: arrival − keystroke, what a person feels.
 * - `overhead`: latency − genMs − debounce, the definition (the target is judged on its p95). It still
 *   contains time the room waited for the single engine: its own previous frame, or other rooms' frames.
 * - `overheadExcludingQueue`: arrival − genMs − the earliest moment an ideal latest-wins scheduler could have
 *   started this frame. The room has work from its first keystroke not in the previous frame: it is ready a
 *   debounce later, or when the previous render's model work ends if that keystroke came during it; the frame then
 *   also waits for the engine's previous render in any room. A render "ends" when its model work does (the frame's
 *   `timings.modelWork`): its image encode overlaps the next batch, so it keeps neither the engine nor the room. What remains is promptjam's own cost: message handling,
 *   scheduling gaps, the worker hand-off, frame encoding, fan-out and the network.
 * Only a prompt's first frame answers its keystroke: a later frame of the same text (the refine that follows a
 * preview once the room is quiet) is counted in frames per second but left out of latency and edit-to-start.
 * All times are epoch ms on the machine's shared clock (server `startedAt` is whole ms, so figures carry ±1 ms).
 */
import { summarizeOrNull, type Summary } from './stats.js';
import type { FrameArrival } from './FrameLog.js';

/** One room's inputs: when each prompt text was typed, and every client's arrivals (typist included). */
export interface RoomObservation {
  roomId: string;
  typedAt: ReadonlyMap<string, number>;
  arrivalsByClient: ReadonlyArray<readonly FrameArrival[]>;
}

/** The figures for one configuration (rooms x clients). */
export interface KeystrokeFigures {
  latency: Summary | null;
  overhead: Summary | null;
  overheadExcludingQueue: Summary | null;
  /** arrival − (startedAt + genMs): everything after the engine returned. */
  delivery: Summary | null;
  genMs: Summary | null;
  /** Distinct frames of typed prompts each room rendered, per second of typing. */
  fpsPerRoom: Summary | null;
  /** Distinct frames of typed prompts, summed over rooms, per second of typing: the engine's useful throughput. */
  framesPerSecond: number;
  /** Per distinct frame: its generation start − the keystroke whose prompt it shows (debounce + waits for the engine). */
  editToStart: Summary | null;
  /** Frames per second one room would get with the engine to itself: 1000 / median genMs. */
  modelFps: number | null;
  /** Keystrokes per second per room (the rate typists asked for frames). */
  keystrokesPerSecondPerRoom: number;
  /** Client-frame samples used. */
  samples: number;
  /** Arrivals whose prompt no typist typed (e.g. a room's previous frame sent on join); left out. */
  unmatched: number;
}

interface Render {
  roomId: string;
  seq: number;
  prompt: string;
  startedAt: number;
  end: number;
  genMs: number;
}

/** The distinct renders seen by any client, per room, sorted by seq. */
function collectRenders(rooms: readonly RoomObservation[]): Map<string, Render[]> {
  const byRoom = new Map<string, Render[]>();
  for (const room of rooms) {
    const seen = new Map<number, Render>();
    for (const arrivals of room.arrivalsByClient) {
      for (const f of arrivals) {
        // A render ends, for the engine and for its room's next render, when its model work ends: the frame's encode
        // overlaps the next batch (pipelining), so counting it would make the engine look busy when it was not.
        if (!seen.has(f.seq)) seen.set(f.seq, { roomId: room.roomId, seq: f.seq, prompt: f.prompt, startedAt: f.startedAtEpochMs, end: f.startedAtEpochMs + f.modelWorkMs, genMs: f.genMs });
      }
    }
    byRoom.set(room.roomId, [...seen.values()].sort((a, b) => a.seq - b.seq));
  }
  return byRoom;
}

/** The latest render end (any room) at or before `t` (+1 ms for whole-ms startedAt), or -Infinity. */
function engineFreeBefore(endsSorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = endsSorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (endsSorted[mid]! <= t + 1) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? Number.NEGATIVE_INFINITY : endsSorted[lo - 1]!;
}

/** The first keystroke time after `after` in ascending `times`, or undefined. */
function firstAfter(times: readonly number[], after: number): number | undefined {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return times[lo];
}

/**
 * Computes {@link KeystrokeFigures}. `typingMs` is how long the typists typed (for frames per second),
 * `debounceMs` the server's debounce.
 */
export function analyzeKeystrokes(rooms: readonly RoomObservation[], debounceMs: number, typingMs: number): KeystrokeFigures {
  const renders = collectRenders(rooms);
  const endsSorted = [...renders.values()].flat().map((r) => r.end).sort((a, b) => a - b);
  const latency: number[] = [];
  const overhead: number[] = [];
  const adjusted: number[] = [];
  const delivery: number[] = [];
  const typedRendersPerRoom: number[] = [];
  const editToStart: number[] = [];
  let unmatched = 0;
  let keystrokes = 0;
  for (const room of rooms) {
    keystrokes += room.typedAt.size;
    const roomRenders = renders.get(room.roomId) ?? [];
    const bySeq = new Map(roomRenders.map((r, i) => [r.seq, i]));
    const typedSeqs = new Set<number>();
    const keyTimes = [...room.typedAt.values()].sort((a, b) => a - b);
    const firstSeqOfPrompt = new Map<string, number>();
    for (const render of roomRenders) if (!firstSeqOfPrompt.has(render.prompt)) firstSeqOfPrompt.set(render.prompt, render.seq);
    for (const arrivals of room.arrivalsByClient) {
      for (const f of arrivals) {
        const typed = room.typedAt.get(f.prompt);
        if (typed === undefined) {
          unmatched += 1;
          continue;
        }
        typedSeqs.add(f.seq);
        if (firstSeqOfPrompt.get(f.prompt) !== f.seq) continue;
        const index = bySeq.get(f.seq) ?? 0;
        const previous = index > 0 ? roomRenders[index - 1] : undefined;
        // The first keystroke the previous frame did not show: from then on the room had work to do.
        const previousKey = previous ? room.typedAt.get(previous.prompt) ?? Number.NEGATIVE_INFINITY : Number.NEGATIVE_INFINITY;
        const firstPending = Math.min(typed, firstAfter(keyTimes, previousKey) ?? typed);
        const roomReady = previous !== undefined && firstPending < previous.end ? previous.end : firstPending + debounceMs;
        const idealStart = Math.max(roomReady, engineFreeBefore(endsSorted, f.startedAtEpochMs));
        latency.push(f.arrivalEpochMs - typed);
        overhead.push(f.arrivalEpochMs - typed - f.genMs - debounceMs);
        adjusted.push(f.arrivalEpochMs - f.genMs - idealStart);
        delivery.push(f.arrivalEpochMs - (f.startedAtEpochMs + f.genMs));
      }
    }
    typedRendersPerRoom.push(typedSeqs.size);
    for (const render of roomRenders) {
      const typed = room.typedAt.get(render.prompt);
      if (typed !== undefined && firstSeqOfPrompt.get(render.prompt) === render.seq) editToStart.push(render.startedAt - typed);
    }
  }
  const gen = [...renders.values()].flat().map((r) => r.genMs);
  const genSummary = summarizeOrNull(gen);
  const typingSeconds = typingMs / 1000;
  const fps = typedRendersPerRoom.map((count) => count / typingSeconds);
  return {
    latency: summarizeOrNull(latency),
    overhead: summarizeOrNull(overhead),
    overheadExcludingQueue: summarizeOrNull(adjusted),
    delivery: summarizeOrNull(delivery),
    genMs: genSummary,
    fpsPerRoom: summarizeOrNull(fps),
    framesPerSecond: typedRendersPerRoom.reduce((a, b) => a + b, 0) / typingSeconds,
    editToStart: summarizeOrNull(editToStart),
    modelFps: genSummary && genSummary.p50 > 0 ? 1000 / genSummary.p50 : null,
    keystrokesPerSecondPerRoom: rooms.length > 0 ? keystrokes / rooms.length / typingSeconds : 0,
    samples: latency.length,
    unmatched,
  };
}
