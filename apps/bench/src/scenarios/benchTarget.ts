/**
 * What a scenario runs against: promptjam's server (a child process the harness started, or one already
 * running at `--url`) and, where the scenario has one, the bare `ws` baseline child.
 */
import type { ServerProcess } from '../ServerProcess.js';

/** A server under test. `process` is null for an external server, whose memory and lag cannot be sampled. */
export interface BenchTarget {
  url: string;
  process: ServerProcess | null;
  /** Cluster members sharing the rooms (`url` among them): watchers are spread over these, round-robin. */
  memberUrls?: readonly string[];
  /** The server's debounce in ms, subtracted from keystroke latency. */
  debounceMs: number;
  /** How the model costs per frame, for labels: `tiny (real cost)` or `tiny scaled to ~175 ms`. */
  modelLabel: string;
}

/** Progress lines go to stderr so stdout stays the report. */
export type BenchLog = (line: string) => void;

/** A room id unique to this run and configuration (room ids allow letters, digits, '-' and '_'). */
export function roomName(prefix: string, index: number): string {
  return `${prefix}-${index}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}
