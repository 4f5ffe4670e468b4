import { performance } from 'node:perf_hooks';
import type { ImageEngine, ImageFormat } from '@promptjam/diffusion';
import { sameRenderInput, type RenderClient, type RenderInput, type RenderJob } from './renderTypes.js';

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
   * Checked before the engine is asked: a reason (for people) when this input must not be rendered (the word
   * list, `wordList/`), else undefined. A held room keeps its last frame and gets a `held` status; it renders
   * again when its input changes or after {@link RenderScheduler.recheckHeld}.
   */
  hold?: (input: RenderInput) => string | undefined;
}

/** Default wait before a room turned away by a full queue asks again. */
export const QUEUE_FULL_RETRY_MS = 1_000;

/**
 * Queue positions that changed are re-sent at most this often. Every dequeue moves every waiting room up one
 * place, and each update is a status message to every client of every waiting room, so with many busy rooms
 * telling each step at once would cost more than the frames. A room entering the queue is told at once.
 */
export const QUEUE_POSITION_REFRESH_MS = 250;

type Phase = 'idle' | 'waiting' | 'queued' | 'rendering';

/** The scheduler's record of one room. */
interface RoomSlot {
  client: RenderClient;
  phase: Phase;
  /** Edited while its generation ran: render again as soon as it ends. */
  dirty: boolean;
  /** `performance.now()` of the first edit not yet rendered. */
  dirtySinceMs: number;
  /** `performance.now()` of the newest edit, for the debounce. */
  lastEditMs: number;
  /** When a waiting room joins the queue at the latest (`performance.now()` ms). */
  deadlineMs: number;
  timer: NodeJS.Timeout | undefined;
  /** What the room's last frame (or last failed attempt) was made from; an unchanged room is not rendered again. */
  lastInput: RenderInput | undefined;
  /** Last queue position told to the room, so only changes are sent. */
  toldPosition: number;
  /** Its newest input was held (not rendered) by the `hold` check. */
  held: boolean;
}

/**
 * One engine, many rooms. Each room has at most one generation in flight and at most one pending ("latest
 * wins"): edits during a generation only mark the room dirty, and when it ends the room renders again at once
 * with its newest prompt. An idle room waits `debounceMs` of quiet (at most `maxWaitMs`) before it queues.
 * Rooms take turns in arrival order (round-robin: a room that just rendered goes to the back), the queue is
 * bounded, and each queued room is told its position. A failed generation is reported to that room only.
 */
export class RenderScheduler {
  private readonly slots = new Map<string, RoomSlot>();
  private readonly queue: RoomSlot[] = [];
  private inFlight: { slot: RoomSlot; done: Promise<void> } | undefined;
  private positionsTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly engine: Pick<ImageEngine, 'generate'>,
    private readonly options: RenderSchedulerOptions,
  ) {}

  /** Rooms waiting for the engine (not counting the one rendering). */
  get queueDepth(): number {
    return this.queue.length;
  }

  /** Whether a generation is running. */
  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /**
   * Adds a room. `lastRendered` is what its stored frame was made from, so a room whose document still matches
   * its frame is not rendered again after a restart.
   */
  register(client: RenderClient, lastRendered?: RenderInput): void {
    if (this.slots.has(client.id)) return;
    this.slots.set(client.id, {
      client,
      phase: 'idle',
      dirty: false,
      dirtySinceMs: 0,
      lastEditMs: 0,
      deadlineMs: 0,
      timer: undefined,
      lastInput: lastRendered,
      toldPosition: 0,
      held: false,
    });
  }

  /** The room's prompt or params changed. */
  markDirty(clientId: string): void {
    const slot = this.slots.get(clientId);
    if (!slot || this.stopped) return;
    const now = performance.now();
    switch (slot.phase) {
      case 'rendering':
        if (!slot.dirty) slot.dirtySinceMs = now;
        slot.dirty = true;
        return;
      case 'queued':
        return;
      case 'waiting':
        slot.lastEditMs = now;
        return;
      case 'idle':
        slot.phase = 'waiting';
        slot.dirtySinceMs = now;
        slot.lastEditMs = now;
        slot.deadlineMs = now + this.options.maxWaitMs;
        this.armTimer(slot, now);
        return;
    }
  }

  /** The hold rule changed (the word list was reloaded): every held room is checked again. */
  recheckHeld(): void {
    for (const slot of this.slots.values()) {
      if (!slot.held) continue;
      slot.held = false;
      this.markDirty(slot.client.id);
    }
  }

  /** Removes a room (it unloaded). A generation in flight for it finishes, but its frame is not delivered. */
  unregister(clientId: string): void {
    const slot = this.slots.get(clientId);
    if (!slot) return;
    clearTimeout(slot.timer);
    this.slots.delete(clientId);
    const index = this.queue.indexOf(slot);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.tellPositions();
    }
  }

  /** Starts no more generations; resolves when the one in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.positionsTimer);
    for (const slot of this.slots.values()) clearTimeout(slot.timer);
    this.queue.length = 0;
    await this.inFlight?.done;
  }

  /** Sets the timer of a waiting room to fire when its debounce (or max wait) is due. */
  private armTimer(slot: RoomSlot, now: number): void {
    const due = Math.min(slot.lastEditMs + this.options.debounceMs, slot.deadlineMs);
    if (due <= now) {
      this.enqueue(slot);
      return;
    }
    // One timer per waiting room; edits only move `lastEditMs`, and the timer re-arms itself when it fires early.
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (slot.phase === 'waiting' && this.slots.get(slot.client.id) === slot) this.armTimer(slot, performance.now());
    }, due - now);
  }

  private enqueue(slot: RoomSlot): void {
    if (this.queue.length >= this.options.maxQueue) {
      // Bounded queue: turn the room away for now and let it ask again, rather than grow without limit.
      slot.phase = 'waiting';
      const now = performance.now();
      slot.lastEditMs = now;
      slot.deadlineMs = now + (this.options.queueFullRetryMs ?? QUEUE_FULL_RETRY_MS);
      slot.client.onProgress({
        state: 'error',
        message: `The server is busy (${this.queue.length} rooms waiting); your edit will render shortly.`,
      });
      this.armTimer(slot, now);
      return;
    }
    slot.phase = 'queued';
    slot.toldPosition = 0;
    this.queue.push(slot);
    this.pump();
    this.tellPositions();
  }

  /** Starts the next room's generation if the engine is free. */
  private pump(): void {
    while (!this.inFlight && !this.stopped) {
      const slot = this.queue.shift();
      if (!slot) return;
      const input = slot.client.renderInput();
      if (input.prompt.trim() === '' || (slot.lastInput && sameRenderInput(slot.lastInput, input))) {
        // Nothing new to draw (or nothing to draw at all): the room goes back to idle without a generation.
        slot.phase = 'idle';
        slot.held = false;
        slot.client.onProgress({ state: 'idle' });
        continue;
      }
      const holdReason = this.options.hold?.(input);
      if (holdReason !== undefined) {
        // Not rendered: the room keeps its last frame. `lastInput` stays what that frame shows, so going back to
        // it needs no generation, and anything else renders once it is no longer held.
        slot.phase = 'idle';
        slot.held = true;
        slot.client.onProgress({ state: 'held', message: holdReason });
        continue;
      }
      slot.held = false;
      this.start(slot, input);
    }
  }

  private start(slot: RoomSlot, input: RenderInput): void {
    slot.phase = 'rendering';
    slot.dirty = false;
    slot.lastInput = input;
    const job: RenderJob = { input, startedAt: Date.now(), dirtySinceMs: slot.dirtySinceMs };
    slot.client.onProgress({ state: 'generating' });
    const { prompt, params } = input;
    const request = { prompt, ...params, format: this.options.imageFormat, quality: this.options.imageQuality };
    // Through a promise, so an engine that throws synchronously fails this job like any other error.
    const done = Promise.resolve(request)
      .then((r) => this.engine.generate(r))
      .then((result) => {
        // A throwing delivery counts as a failed render of this room, never as a stuck scheduler.
        if (this.isCurrent(slot)) slot.client.onFrame(job, result);
        return true;
      })
      .catch((cause: unknown) => {
        const error = cause instanceof Error ? cause : new Error(String(cause));
        try {
          if (this.isCurrent(slot)) slot.client.onRenderError(job, error);
        } catch {
          // The room could not take its error; it will still render on its next change.
        }
        return false;
      });
    this.inFlight = {
      slot,
      done: done.then((succeeded) => {
        this.inFlight = undefined;
        this.afterRender(slot, succeeded);
        this.pump();
        this.tellPositions();
      }),
    };
  }

  private afterRender(slot: RoomSlot, succeeded: boolean): void {
    if (!this.isCurrent(slot) || this.stopped) return;
    if (slot.dirty) {
      // Latest wins: the pending edit renders at once, no debounce; it queues behind rooms already waiting.
      slot.dirty = false;
      this.enqueue(slot);
      return;
    }
    slot.phase = 'idle';
    // After a failure the room keeps showing its error until its next change.
    if (succeeded) slot.client.onProgress({ state: 'idle' });
  }

  private isCurrent(slot: RoomSlot): boolean {
    return this.slots.get(slot.client.id) === slot;
  }

  /** Tells a room that just queued its position at once; moves of rooms already told wait for the refresh tick. */
  private tellPositions(): void {
    let moved = false;
    this.queue.forEach((slot, index) => {
      if (slot.toldPosition === index + 1) return;
      if (slot.toldPosition === 0) this.tellPosition(slot, index + 1);
      else moved = true;
    });
    if (moved && this.positionsTimer === undefined && !this.stopped) {
      this.positionsTimer = setTimeout(() => {
        this.positionsTimer = undefined;
        this.queue.forEach((slot, index) => {
          if (slot.toldPosition !== index + 1) this.tellPosition(slot, index + 1);
        });
      }, QUEUE_POSITION_REFRESH_MS);
    }
  }

  private tellPosition(slot: RoomSlot, position: number): void {
    slot.toldPosition = position;
    slot.client.onProgress({ state: 'queued', position });
  }
}
