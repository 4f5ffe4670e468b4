import type { ImageFormat } from '@promptjam/diffusion';
import type { RenderInput } from './renderTypes.js';

/** How the scheduler paces rooms. Times in milliseconds. */
export interface RenderSchedulerOptions {
  /** Quiet time after an edit before an idle room renders. */
  debounceMs: number;
  /** Longest an idle room waits for quiet while edits keep coming. */
  maxWaitMs: number;
  /** Rooms that may wait for the engine at once. */
  maxQueue: number;
  /** When the queue is full, a room asks again after this long. */
  queueFullRetryMs?: number;
  imageFormat: ImageFormat;
  imageQuality: number;
  /**
   * Most rooms denoised in one engine batch (default 1: one room at a time). A function is asked before every
   * batch, so the limit can follow the engine once it has loaded (GPU or CPU, dynamic batch axis or not).
   */
  maxBatch?: number | (() => number);
  /**
   * Longest the first room of a batch is held back for compatible rooms that are about to queue (their debounce
   * ends within it), in ms; default 0. Only an idle engine waits: while it is busy, rooms gather on their own.
   */
  batchWindowMs?: number;
  /**
   * Hands the engine its next batch while it still runs one, once a full batch (`maxBatch` rooms) is waiting, so the
   * engine starts it without a round trip through this thread, whose event loop may be busy fanning out frames.
   * The look-ahead batch reads its rooms' inputs when it is handed over, at most one batch's model work earlier
   * than it would otherwise (an edit meanwhile renders right after it, latest wins). Default false.
   */
  lookahead?: boolean;
  /**
   * Quiet time after a room's last edit before its refined frame renders (ms). While edits keep coming frames are
   * previews; 0 turns previews off (every frame is rendered at full quality, as before). Default 0.
   */
  refinePauseMs?: number;
  /**
   * Checked before the engine is asked: a reason (for people) when this input must not be rendered (the word
   * list, `wordList/`), else undefined. A held room keeps its last frame and gets a `held` status; it renders
   * again when its input changes or after `RenderScheduler.recheckHeld`.
   */
  hold?: (input: RenderInput) => string | undefined;
  /** Whether the engine decodes previews with a tiny decoder (asked per frame: the engine may still be loading). */
  hasPreviewDecoder?: () => boolean;
}

/** Default wait before a room turned away by a full queue asks again. */
export const QUEUE_FULL_RETRY_MS = 1_000;

/**
 * Queue positions that changed are re-sent at most this often. Every dequeue moves every waiting room up one
 * place, and each update is a status message to every client of every waiting room, so with many busy rooms
 * telling each step at once would cost more than the frames (at 20 busy rooms x 50 clients, re-sending every
 * 250 ms was about 4,000 socket writes a second, more than the frames). A room entering the queue is told at once.
 */
export const QUEUE_POSITION_REFRESH_MS = 1_000;

/** What the scheduler has done, for `/metrics` and the bench. */
export interface RenderCounts {
  /** Engine batches started. */
  batches: number;
  /** Frames asked for in those batches (the sum of their sizes). */
  batchFrames: number;
  /** Frames denoised in a batch together with at least one other room. */
  sharedBatchFrames: number;
  /** Refines that a newer edit cancelled before they started. */
  refinesCancelled: number;
  /** Engine time spent in batches' model work, ms (as the engine reports it; 0 for engines that do not). */
  engineBusyMs: number;
  /**
   * Engine time with no model work while a batch was ready, ms: what the scheduler's hand-offs and host work on the
   * engine's thread cost it. Its share of `engineBusyMs + engineIdleWaitingMs` is the bench's "engine idle" figure.
   */
  engineIdleWaitingMs: number;
}

/** Counts of a scheduler that has done nothing yet. */
export function emptyRenderCounts(): RenderCounts {
  return { batches: 0, batchFrames: 0, sharedBatchFrames: 0, refinesCancelled: 0, engineBusyMs: 0, engineIdleWaitingMs: 0 };
}
