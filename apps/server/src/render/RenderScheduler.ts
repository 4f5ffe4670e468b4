import { epochNowMs, settleBatch, type BatchGeneration, type ImageEngine, type ModelWorkSpan } from '@promptjam/diffusion';
import { takeBatch } from './batchPlanning.js';
import { BatchWindow } from './BatchWindow.js';
import { DebounceTimers } from './DebounceTimers.js';
import { EngineUse } from './EngineUse.js';
import { handToRoom, settleFrame } from './frameHandOff.js';
import { QueuePositions } from './QueuePositions.js';
import { RefineTimers } from './RefineTimers.js';
import { emptyRenderCounts, QUEUE_FULL_RETRY_MS, type RenderCounts, type RenderSchedulerOptions } from './renderSchedulerOptions.js';
import type { RenderClient, RenderInput, RenderJob } from './renderTypes.js';
import { newRoomSlot, type PlannedFrame, type RoomSlot } from './roomSlot.js';

/** The running batch and, with `lookahead`, the one the engine starts next. */
const MAX_BATCHES_IN_ENGINE = 2;

/**
 * One engine, many rooms. Each room has at most one generation in flight and at most one pending ("latest
 * wins"): edits during a generation only mark the room dirty, and when it ends the room renders again at once
 * with its newest prompt. An idle room waits `debounceMs` of quiet (at most `maxWaitMs`) before it queues.
 * Rooms take turns in arrival order (round-robin: a room that just rendered goes to the back), the queue is
 * bounded, and each queued room is told its position. A failed generation is reported to that room only.
 *
 * Batching: when the engine is free, the room at the head of the queue starts together with up to `maxBatch - 1`
 * later rooms whose requests are compatible (same size and step count), each reading its newest input as the batch
 * starts. Rooms in the running batch are `generating`; the others keep their queue position.
 *
 * Pipelining: the next batch starts as soon as the engine's model work is done, while the previous frames are still
 * being encoded and sent; a room edited during its generation queues at that moment too (not once its frame is
 * sent), so the engine never waits for a room's image encoding. A room's frames are still delivered in the order
 * their generations started. {@link EngineUse} counts the engine's idle time while a batch was ready.
 *
 * Holds: an input the `hold` check refuses (the word list) is not rendered; the room gets a `held` status.
 *
 * Preview and refine: with `refinePauseMs` > 0, frames of a room being edited are quick previews; once the room has
 * been quiet that long after its last edit, it queues once more for a refined frame of the same input. An edit
 * before that refine starts cancels it.
 *
 * The parts, one file each: {@link DebounceTimers} (when an edited room queues), {@link takeBatch} (which queued
 * rooms form the next batch, and what each renders), {@link BatchWindow} (how long an idle engine waits for a
 * fuller batch), {@link RefineTimers} (the refine after a pause), {@link QueuePositions} (what waiting rooms
 * are told), {@link handToRoom} (a frame or error to its room) and {@link EngineUse} (engine busy and idle time).
 * This class owns the queue and the engine's turns.
 */
export class RenderScheduler {
  private readonly slots = new Map<string, RoomSlot>();
  private readonly queue: RoomSlot[] = [];
  /** Deliveries (and batch ends) not yet settled, so `stop()` can wait for them. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Batches handed to the engine whose model work has not ended: the running one, and a look-ahead one. */
  private batchesInEngine = 0;
  private readonly positions: QueuePositions;
  private readonly debounce: DebounceTimers;
  private readonly refines: RefineTimers;
  private readonly window: BatchWindow;
  private stopped = false;
  readonly counts: RenderCounts = emptyRenderCounts();
  private readonly engineUse = new EngineUse(this.counts);

  constructor(
    private readonly engine: Pick<ImageEngine, 'generateBatch'>,
    private readonly options: RenderSchedulerOptions,
  ) {
    this.positions = new QueuePositions(this.queue);
    this.debounce = new DebounceTimers(options.debounceMs, (slot) => this.isCurrent(slot), (slot) => this.enqueue(slot));
    this.refines = new RefineTimers(options.refinePauseMs ?? 0, this.counts, (slot) => this.isCurrent(slot) && !this.stopped, (slot) => this.enqueue(slot));
    this.window = new BatchWindow(options.batchWindowMs ?? 0, (slot) => this.debounce.dueMs(slot), () => this.pump());
  }

  /** Rooms waiting for the engine (not counting those rendering). */
  get queueDepth(): number {
    return this.queue.length;
  }

  /** Whether a generation is running or its frame is still being delivered. */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /**
   * Adds a room. `lastRendered` is what its stored frame was made from, so a room whose document still matches
   * its frame is not rendered again after a restart (stored frames are refined ones).
   */
  register(client: RenderClient, lastRendered?: RenderInput): void {
    if (this.slots.has(client.id)) return;
    this.slots.set(client.id, newRoomSlot(client, lastRendered));
  }

  /** The room's prompt or params changed. */
  markDirty(clientId: string): void {
    const slot = this.slots.get(clientId);
    if (!slot || slot.leaving || this.stopped) return;
    const now = performance.now();
    this.refines.cancel(slot);
    slot.lastEditMs = now;
    switch (slot.phase) {
      case 'rendering':
        if (!slot.dirty) slot.dirtySinceMs = now;
        slot.dirty = true;
        return;
      case 'queued':
      case 'waiting':
        return;
      case 'idle':
        slot.phase = 'waiting';
        slot.wants = 'edit';
        slot.dirtySinceMs = now;
        slot.deadlineMs = now + this.options.maxWaitMs;
        this.debounce.arm(slot, now);
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
    this.refines.clear(slot);
    this.slots.delete(clientId);
    const index = this.queue.indexOf(slot);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.positions.tell();
    }
  }

  /**
   * Removes a room once its generation in flight (if any) has delivered its frame, starting no other for it
   * meanwhile (no refine either): a room handed to another renderer is neither left without its last frame nor
   * rendered twice.
   */
  async handOver(clientId: string): Promise<void> {
    const slot = this.slots.get(clientId);
    if (!slot) return;
    slot.leaving = true;
    slot.dirty = false;
    this.refines.clear(slot);
    clearTimeout(slot.timer);
    const index = this.queue.indexOf(slot);
    if (index >= 0) this.queue.splice(index, 1);
    await slot.delivery;
    if (this.isCurrent(slot)) this.unregister(clientId);
  }

  /** Starts no more generations; resolves when those in flight (if any) have ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.positions.stop();
    this.window.cancel();
    for (const slot of this.slots.values()) {
      clearTimeout(slot.timer);
      this.refines.clear(slot);
    }
    this.queue.length = 0;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private batchLimit(): number {
    const { maxBatch = 1 } = this.options;
    return Math.max(1, Math.floor(typeof maxBatch === 'function' ? maxBatch() : maxBatch));
  }

  /** Queues a room and starts a batch if the engine is free. */
  private enqueue(slot: RoomSlot, readyAtMs = epochNowMs()): void {
    if (!this.admit(slot, readyAtMs)) return;
    this.pump();
    this.positions.tell();
  }

  /**
   * Puts a room at the back of the queue (false: the queue is full and the room was told to ask again later).
   * `readyAtMs` (epoch ms) is since when it could have rendered, for the engine's idle time.
   */
  private admit(slot: RoomSlot, readyAtMs: number): boolean {
    const now = performance.now();
    if (this.queue.length >= this.options.maxQueue) {
      const retryMs = this.options.queueFullRetryMs ?? QUEUE_FULL_RETRY_MS;
      if (slot.wants === 'refine') {
        // The room already shows its preview; it asks for the refine again later without an error.
        slot.phase = 'idle';
        this.refines.arm(slot, now + retryMs);
        return false;
      }
      // Bounded queue: turn the room away for now and let it ask again, rather than grow without limit.
      slot.phase = 'waiting';
      slot.lastEditMs = now;
      slot.deadlineMs = now + retryMs;
      slot.client.onProgress({
        state: 'error',
        message: `The server is busy (${this.queue.length} rooms waiting); your edit will render shortly.`,
      });
      this.debounce.arm(slot, now);
      return false;
    }
    slot.phase = 'queued';
    slot.queuedAtMs = now;
    slot.readyAtMs = readyAtMs;
    slot.toldPosition = 0;
    this.queue.push(slot);
    return true;
  }

  /**
   * Starts the next batch if the engine's model work is free (and the batch window does not hold it back), or, with
   * `lookahead`, hands it a full batch to start next while it runs one.
   */
  private pump(): void {
    if (this.stopped || this.batchesInEngine >= MAX_BATCHES_IN_ENGINE) return;
    const limit = this.batchLimit();
    if (this.batchesInEngine > 0) {
      // Only a full batch looks ahead: a partial one would split rooms that gather while the engine works.
      if (this.options.lookahead !== true || this.queue.length < limit) return;
    } else if (this.window.holds(this.queue, this.slots.values(), limit)) return;
    const { batch, idle, held } = takeBatch(this.queue, limit, this.options, this.refines.previewsOn);
    for (const slot of idle) this.settleIdle(slot);
    for (const { slot, reason } of held) {
      // Not rendered: the room keeps its last frame. `lastInput` stays what that frame shows, so going back to
      // it needs no generation, and anything else renders once it is no longer held.
      slot.phase = 'idle';
      slot.held = true;
      slot.client.onProgress({ state: 'held', message: reason });
    }
    if (batch.length > 0) this.startBatch(batch);
  }

  /** A room with nothing new to draw goes back to idle (and still gets its refine if it owes one). */
  private settleIdle(slot: RoomSlot): void {
    slot.phase = 'idle';
    slot.held = false;
    slot.client.onProgress({ state: 'idle' });
    this.refines.armAfterEdit(slot);
  }

  private startBatch(batch: PlannedFrame[]): void {
    this.batchesInEngine += 1;
    const startedAt = Date.now();
    const readyAtMs = Math.min(...batch.map(({ slot }) => slot.readyAtMs));
    const jobs = batch.map(({ slot, input, quality }): RenderJob => {
      slot.phase = 'rendering';
      slot.generation += 1;
      slot.held = false;
      slot.wants = 'edit';
      slot.dirty = false;
      slot.lastInput = input;
      slot.lastQuality = quality;
      slot.client.onProgress({ state: 'generating' });
      return { input, startedAt, dirtySinceMs: slot.dirtySinceMs, quality, batchSize: batch.length };
    });
    this.counts.batches += 1;
    this.counts.batchFrames += batch.length;
    if (batch.length > 1) this.counts.sharedBatchFrames += batch.length;
    let run: BatchGeneration;
    try {
      run = this.engine.generateBatch(batch.map((b) => b.request));
    } catch (error) {
      // An engine that throws synchronously fails this batch like any other error.
      run = settleBatch(Promise.reject(error instanceof Error ? error : new Error(String(error))), batch.length);
    }
    const slots = batch.map(({ slot }) => ({ slot, generation: slot.generation }));
    const modelDone = run.modelDone.then((work) => {
      // A look-ahead batch starts when the engine gets to it: its frames say when that was.
      if (work) for (const job of jobs) job.startedAt = Math.round(work.startedAtMs);
      this.afterModelWork(slots, work, readyAtMs);
    });
    this.track(modelDone);
    batch.forEach(({ slot }, i) => {
      // Handled here at once (a failure must not count as unhandled), and delivered once the job's start is known.
      const frame = run.frames[i]!;
      frame.catch(() => undefined);
      const delivery = this.deliver(slot, slot.generation, jobs[i]!, modelDone.then(() => frame), slot.delivery).finally(() => {
        if (slot.delivery === delivery) slot.delivery = undefined;
      });
      slot.delivery = delivery;
      this.track(delivery);
    });
  }

  /**
   * A batch's model work is over (its frames are still being encoded): rooms edited meanwhile queue now, behind
   * rooms already waiting, and the next batch starts.
   */
  private afterModelWork(slots: ReadonlyArray<{ slot: RoomSlot; generation: number }>, work: ModelWorkSpan | undefined, readyAtMs: number): void {
    if (work) this.engineUse.record(work, readyAtMs);
    // All of them queue before the next batch is taken, so it can take them all, not just the first.
    for (const { slot, generation } of slots) {
      if (slot.generation !== generation || slot.phase !== 'rendering' || !slot.dirty) continue;
      if (!this.isCurrent(slot) || this.stopped || slot.leaving) continue;
      slot.dirty = false;
      slot.wants = 'edit';
      // Latest wins: the pending edit renders at once, no debounce. It was ready as soon as the engine was.
      this.admit(slot, work?.endedAtMs ?? epochNowMs());
    }
    this.batchesInEngine -= 1;
    this.pump();
    this.positions.tell();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Hands a room its frame (or error) once the frame is encoded and the room's earlier frame (`previous`) is delivered. */
  private async deliver(slot: RoomSlot, generation: number, job: RenderJob, frame: BatchGeneration['frames'][number], previous: Promise<void> | undefined): Promise<void> {
    const outcome = await settleFrame(frame);
    await previous;
    const succeeded = this.isCurrent(slot) && handToRoom(slot.client, job, outcome);
    // The room moved on (it queued again when its model work ended, or renders again): its phase is not ours to set.
    if (slot.generation === generation && slot.phase === 'rendering') this.afterRender(slot, succeeded);
    this.pump();
    this.positions.tell();
  }

  /** The room's newest frame (or error) was delivered: it queues again if edited since, else it goes idle. */
  private afterRender(slot: RoomSlot, succeeded: boolean): void {
    if (!this.isCurrent(slot) || this.stopped || slot.leaving) return;
    if (slot.dirty) {
      // Edited after its model work ended (else it would have queued then): it queues behind rooms already waiting.
      slot.dirty = false;
      slot.wants = 'edit';
      this.enqueue(slot);
      return;
    }
    slot.phase = 'idle';
    // After a failure the room keeps showing its error until its next change.
    if (!succeeded) return;
    slot.client.onProgress({ state: 'idle' });
    this.refines.armAfterEdit(slot);
  }

  private isCurrent(slot: RoomSlot): boolean {
    return this.slots.get(slot.client.id) === slot;
  }
}
