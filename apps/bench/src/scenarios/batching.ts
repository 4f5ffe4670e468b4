/**
 * Scenario 6, cross-room batching: N rooms, one synthetic typist each, typing at human speed against two servers
 * started side by side, one rendering one room at a time (batch 1) and one batching up to `maxBatch` compatible
 * rooms per engine call. The two run in turn at each room count, so a busy machine slows both alike. Figures per
 * point: distinct frames of typed prompts per second summed over rooms, and edit-to-start (a frame's generation
 * start minus the keystroke whose prompt it shows: debounce plus waits for the engine).
 */
import type { Summary } from '../stats.js';
import { roomName, type BenchLog, type BenchTarget } from './benchTarget.js';
import { runKeystrokeConfig } from './keystrokeToFrame.js';

/** One room count, with batching off or on. */
export interface BatchingPoint {
  rooms: number;
  /** The server's `--max-batch` (1: batching off). */
  maxBatch: number;
  framesPerSecond: number;
  editToStartMs: Summary | null;
  genMs: Summary | null;
  /** Keystroke-to-frame latency at the typists. */
  latencyMs: Summary | null;
}

/** Scenario 6's figures. */
export interface BatchingScenario {
  model: string;
  typingMs: number;
  points: BatchingPoint[];
}

/** Runs one room count against one server. */
export async function runBatchingPoint(target: BenchTarget, rooms: number, maxBatch: number, typingMs: number, log: BenchLog): Promise<BatchingPoint> {
  const tag = roomName(`batch${maxBatch}`, rooms);
  const result = await runKeystrokeConfig(target, { rooms, clientsPerRoom: 1, typingMs }, tag, () => undefined);
  const f = result.figures;
  log(
    `  ${rooms} room(s), max batch ${maxBatch}: ${f.framesPerSecond.toFixed(1)} frames/s summed, edit-to-start p50 ${f.editToStart?.p50.toFixed(0) ?? 'n/a'} ms` +
      ` p95 ${f.editToStart?.p95.toFixed(0) ?? 'n/a'} ms, genMs p50 ${f.genMs?.p50.toFixed(1) ?? 'n/a'} ms`,
  );
  return { rooms, maxBatch, framesPerSecond: f.framesPerSecond, editToStartMs: f.editToStart, genMs: f.genMs, latencyMs: f.latency };
}
