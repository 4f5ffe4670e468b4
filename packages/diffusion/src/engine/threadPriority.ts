import { setPriority } from 'node:os';

/** The highest nice value (lowest priority) Linux has. */
export const MAX_THREAD_NICE = 19;

/** What {@link lowerThisThreadPriority} did. */
export interface ThreadPriorityResult {
  applied: boolean;
  /** For the engine's log: what was set, or why nothing was. */
  note: string;
}

/**
 * Lowers the CPU scheduling priority of the calling thread only (a Linux nice value, 0-19; 0 leaves it alone).
 *
 * Why: on a machine whose cores run both the model and the room server, the engine's threads always have work
 * (typing rooms keep it busy), so without this the kernel shares cores evenly between inference and the event loop,
 * and every frame, Yjs update and status waits for a core behind a UNet run. With the engine's threads niced, the
 * event loop runs first whenever it has work and inference takes every cycle it leaves (CFS weights: nice 10 is
 * about a tenth of nice 0), so fan-out latency stops depending on the engine's load while throughput barely moves.
 *
 * How: `setpriority(PRIO_PROCESS, 0, nice)`, which on Linux (NPTL) sets the nice value of the calling thread, not
 * of the whole process (setpriority(2), "BUGS"), and threads it creates afterwards inherit it: call it on the
 * engine's worker thread before the inference sessions create their thread pools. Elsewhere (macOS, Windows) the
 * same call would lower the whole process, so it does nothing there. Raising a thread's nice value needs no
 * privilege; a failure is reported, never thrown.
 */
export function lowerThisThreadPriority(nice: number, platform: NodeJS.Platform = process.platform): ThreadPriorityResult {
  if (!Number.isInteger(nice) || nice < 0 || nice > MAX_THREAD_NICE) {
    return { applied: false, note: `thread nice ${nice} ignored: expected an integer in [0, ${MAX_THREAD_NICE}]` };
  }
  if (nice === 0) return { applied: false, note: 'engine threads at normal priority' };
  if (platform !== 'linux') return { applied: false, note: `engine threads at normal priority: per-thread nice needs Linux (this is ${platform})` };
  try {
    setPriority(0, nice);
    return { applied: true, note: `engine thread nice ${nice}: the event loop comes first when cores are busy` };
  } catch (error) {
    return { applied: false, note: `could not set engine thread nice ${nice}: ${(error as Error).message}` };
  }
}
