/**
 * Messages between the harness and the server-under-test child process (over Node's IPC channel with
 * `serialization: 'advanced'`, so Uint8Arrays cross without base64). The child owns the measurements that
 * only make sense inside the server's process: its heap, its RSS and its event-loop lag.
 */
import type { EventLoopLag } from './EventLoopLagSampler.js';
import type { MemorySample } from './memorySampler.js';

/** What the child runs: promptjam's real server, or the bare `ws` baseline. */
export type RunnerMode = 'promptjam' | 'bare';

/** Options the harness passes to the child as one JSON argument. */
export interface RunnerOptions {
  mode: RunnerMode;
  /** Options for `startServer` (promptjam mode only): model folder, debounce, data dir, log level, … */
  serverOptions?: Record<string, unknown>;
}

/** Harness to child. Every request carries an id its reply repeats. */
export type RunnerRequest =
  | { id: number; type: 'sample' }
  | { id: number; type: 'resetLag' }
  /** Bare mode: send `bytes` to every connected client (all rooms), timing the send loop. */
  | { id: number; type: 'broadcast'; bytes: Uint8Array }
  | { id: number; type: 'close' };

/** Figures sampled inside the child. */
export interface RunnerSample {
  memory: MemorySample;
  lag: EventLoopLag;
  /** Open client connections the child sees (bare mode counts its own; promptjam mode reports null). */
  connections: number | null;
}

/** Child to harness. */
export type RunnerMessage =
  | { type: 'ready'; port: number; url: string; pid: number }
  | { type: 'failed'; message: string }
  | { id: number; type: 'sample'; sample: RunnerSample }
  | { id: number; type: 'broadcast'; sentAtEpochMs: number; sendLoopMs: number; clients: number }
  | { id: number; type: 'ok' }
  | { id: number; type: 'error'; message: string };
