import type { FrameQuality } from '@promptjam/protocol';
import type { GenerateRequest } from '@promptjam/diffusion';
import type { RenderClient, RenderInput } from './renderTypes.js';

/** Where a room stands: nothing to do, debouncing edits, waiting for the engine, or in a batch. */
export type Phase = 'idle' | 'waiting' | 'queued' | 'rendering';

/** The scheduler's record of one room. */
export interface RoomSlot {
  client: RenderClient;
  phase: Phase;
  /** Why the room is queued: its newest edits, or the refine of its last preview. */
  wants: 'edit' | 'refine';
  /** Edited while its generation ran: render again as soon as it ends. */
  dirty: boolean;
  /** `performance.now()` of the first edit not yet rendered. */
  dirtySinceMs: number;
  /** `performance.now()` of the newest edit, for the debounce and the refine pause. */
  lastEditMs: number;
  /** When a waiting room joins the queue at the latest (`performance.now()` ms). */
  deadlineMs: number;
  /** `performance.now()` when the room joined the queue. */
  queuedAtMs: number;
  timer: NodeJS.Timeout | undefined;
  /** Fires when the room has been quiet for the refine pause after a preview. */
  refineTimer: NodeJS.Timeout | undefined;
  /** When `refineTimer` fires (`performance.now()` ms). */
  refineDueMs: number;
  /** What the room's last frame (or last failed attempt) was made from; an unchanged room is not rendered again. */
  lastInput: RenderInput | undefined;
  lastQuality: FrameQuality | undefined;
  /** Last queue position told to the room, so only changes are sent. */
  toldPosition: number;
  /** Its newest input was held (not rendered) by the `hold` check. */
  held: boolean;
  /** Being handed over (cluster drain): finishes the generation in flight, starts no other. */
  leaving: boolean;
  /** The delivery of its newest generation, while one is not yet delivered (each waits for the one before). */
  delivery: Promise<void> | undefined;
  /** Batches started for the room; a delivery changes the room's phase only if no newer batch has started. */
  generation: number;
  /** Epoch ms since when the queued room could have rendered, for the engine's idle time (see `EngineUse`). */
  readyAtMs: number;
}

/** One room's part of a batch. */
export interface PlannedFrame {
  slot: RoomSlot;
  input: RenderInput;
  quality: FrameQuality;
  request: GenerateRequest;
}

/** A room's record as it registers: idle, nothing pending. `lastRendered` is what its stored frame shows (refined). */
export function newRoomSlot(client: RenderClient, lastRendered?: RenderInput): RoomSlot {
  return {
    client,
    phase: 'idle',
    wants: 'edit',
    dirty: false,
    dirtySinceMs: 0,
    lastEditMs: 0,
    deadlineMs: 0,
    queuedAtMs: 0,
    timer: undefined,
    refineTimer: undefined,
    refineDueMs: 0,
    lastInput: lastRendered,
    lastQuality: lastRendered ? 'refined' : undefined,
    toldPosition: 0,
    held: false,
    leaving: false,
    delivery: undefined,
    generation: 0,
    readyAtMs: 0,
  };
}
