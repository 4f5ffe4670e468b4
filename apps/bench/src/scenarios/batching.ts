/**
 * Scenario 6, cross-room batching and previews: N rooms, one synthetic typist each, typing at human speed against
 * servers started side by side that differ in one setting, run in turn at each room count so a busy machine slows
 * them alike.
 * - batching: rooms at the default 1 step, one room per engine call (`--max-batch 1`) against up to
 *   `BATCHING_MAX_BATCH` compatible rooms per call;
 * - previews: rooms at 4 steps, previews off (`--refine-pause-ms 0`: every frame runs 4 steps) against previews on
 *   (1-step frames while typing, one 4-step refine per pause).
 * Figures per point: frames per second summed over rooms (refines included), edit-to-start (a prompt's first
 * frame's generation start minus the keystroke that typed it: debounce plus waits for the engine), the engine's
 * idle share (time without model work while a batch was ready, from the server's `/metrics`: what pipelining
 * keeps low), and at the busiest room count with 50 clients per room, keystroke-to-frame overhead and delivery.
 */
import type { Summary } from '../stats.js';
import { roomName, type BenchLog, type BenchTarget } from './benchTarget.js';
import { engineUseBetween, readEngineUse, type EngineUseReading } from './engineUseProbe.js';
import { runKeystrokeConfig } from './keystrokeToFrame.js';

/** One server setting the scenario compares. */
export interface BatchingVariant {
  /** e.g. `max batch 4`. */
  name: string;
  /** The variant this one is compared against (null for a baseline). */
  baseline: string | null;
  /** Server options over the benchmark's defaults. */
  serverOptions: Record<string, unknown>;
  /** Params the typists set in their rooms. */
  roomParams?: Record<string, number>;
  /** Room counts it runs at. */
  rooms: readonly number[];
  /** Also runs the plan's fan-out point (many clients per room). */
  fanout?: boolean;
}

/** One room count on one variant. */
export interface BatchingPoint {
  rooms: number;
  /** Clients per room: the typist, plus watchers at the fan-out points. */
  clientsPerRoom: number;
  variant: string;
  baseline: string | null;
  framesPerSecond: number;
  editToStartMs: Summary | null;
  genMs: Summary | null;
  /** Keystroke-to-frame latency at every client (each prompt's first frame). */
  latencyMs: Summary | null;
  /** latency - genMs - debounce (the overhead), and the same without waits for a busy engine. */
  overheadMs: Summary | null;
  overheadExcludingQueueMs: Summary | null;
  /** Arrival at each client minus (startedAt + genMs): frame hand-off, fan-out and network. */
  deliveryMs: Summary | null;
  /** Engine time over the point (typing and settling), from `/metrics`; null when it could not be read. */
  engineUse: EngineUseReading | null;
  /**
   * Event-loop lag p99 while the typists typed, ms: the server's main thread (null against an external server) and
   * the load generator's own (its clients' arrival times are taken on that loop, so a lagging harness inflates
   * delivery and overhead).
   */
  serverLagP99Ms: number | null;
  harnessLagP99Ms: number;
}

/** Scenario 6's figures. */
export interface BatchingScenario {
  model: string;
  typingMs: number;
  points: BatchingPoint[];
}

/** Runs one room count (with `clientsPerRoom` clients each) against one variant's server. */
export async function runBatchingPoint(target: BenchTarget, variant: BatchingVariant, rooms: number, clientsPerRoom: number, typingMs: number, log: BenchLog): Promise<BatchingPoint> {
  const tag = roomName(variant.name.replace(/\W+/g, ''), rooms * 1000 + clientsPerRoom);
  const before = await readEngineUse(target.url);
  const result = await runKeystrokeConfig(target, { rooms, clientsPerRoom, typingMs, ...(variant.roomParams ? { params: variant.roomParams } : {}) }, tag, () => undefined);
  const engineUse = engineUseBetween(before, await readEngineUse(target.url));
  const f = result.figures;
  const idle = engineUse && engineUse.busyMs > 0 ? ` engine idle while ready ${((100 * engineUse.idleWaitingMs) / (engineUse.busyMs + engineUse.idleWaitingMs)).toFixed(1)}%,` : '';
  log(
    `  ${rooms} room(s) x ${clientsPerRoom} client(s), ${variant.name}: ${f.framesPerSecond.toFixed(1)} frames/s summed, edit-to-start p50 ${f.editToStart?.p50.toFixed(0) ?? 'n/a'} ms` +
      ` p95 ${f.editToStart?.p95.toFixed(0) ?? 'n/a'} ms,${idle} overhead p95 ${f.overhead?.p95.toFixed(1) ?? 'n/a'} ms (excl. engine queue ${f.overheadExcludingQueue?.p95.toFixed(1) ?? 'n/a'}),` +
      ` delivery p95 ${f.delivery?.p95.toFixed(1) ?? 'n/a'} ms, genMs p50 ${f.genMs?.p50.toFixed(1) ?? 'n/a'} ms`,
  );
  return {
    rooms,
    clientsPerRoom,
    variant: variant.name,
    baseline: variant.baseline,
    framesPerSecond: f.framesPerSecond,
    editToStartMs: f.editToStart,
    genMs: f.genMs,
    latencyMs: f.latency,
    overheadMs: f.overhead,
    overheadExcludingQueueMs: f.overheadExcludingQueue,
    deliveryMs: f.delivery,
    engineUse,
    serverLagP99Ms: result.serverLag?.p99Ms ?? null,
    harnessLagP99Ms: result.harnessLag.p99Ms,
  };
}
