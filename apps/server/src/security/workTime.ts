/**
 * How long the server worked on something, measured so that a busy machine does not inflate it: the lesser
 * of wall-clock time and the process's CPU time (user + system, all threads) since the start.
 *
 * Wall-clock time alone charges a connection for time the OS gave to other processes, so on a loaded host
 * every client looks expensive and light clients trip budgets sized for heavy ones. CPU time alone charges it
 * for the engine's inference threads working at the same moment. The main thread's own work is at most
 * either, so the lesser of the two is the tightest upper bound of it that Node 20 offers (it has no per-thread
 * CPU clock).
 */

/** Milliseconds of work since the stopwatch started. */
export type Stopwatch = () => number;

/** Starts a stopwatch. */
export type StartStopwatch = () => Stopwatch;

/** A stopwatch of the lesser of wall-clock and process CPU time, in ms. Costs one `getrusage` per reading. */
export const startWorkStopwatch: StartStopwatch = () => {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpuStart);
    return Math.min(performance.now() - wallStart, (cpu.user + cpu.system) / 1000);
  };
};
