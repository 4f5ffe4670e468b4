/**
 * Reads the server's engine-time counters from its `/metrics` (Prometheus text): time in batches' model work and
 * time without model work while a batch was ready (`promptjam_engine_busy_seconds_total`,
 * `promptjam_engine_idle_waiting_seconds_total`). Two reads around a run give that run's share of engine time lost
 * between batches: what pipelining is meant to keep near zero.
 */

/** Engine time so far, ms. */
export interface EngineUseReading {
  busyMs: number;
  idleWaitingMs: number;
}

const COUNTERS = { busyMs: 'promptjam_engine_busy_seconds_total', idleWaitingMs: 'promptjam_engine_idle_waiting_seconds_total' } as const;

/** Parses the two counters out of `/metrics` text; null when either is missing (a server without them). */
export function parseEngineUse(metricsText: string): EngineUseReading | null {
  const read = (name: string): number | undefined => {
    const line = metricsText.split('\n').find((l) => l.startsWith(`${name} `));
    const value = line === undefined ? Number.NaN : Number(line.slice(name.length + 1));
    return Number.isFinite(value) ? value * 1000 : undefined;
  };
  const busyMs = read(COUNTERS.busyMs);
  const idleWaitingMs = read(COUNTERS.idleWaitingMs);
  return busyMs === undefined || idleWaitingMs === undefined ? null : { busyMs, idleWaitingMs };
}

/** Fetches the reading from the server at `wsUrl` (`ws://host:port`); null when it cannot be read. */
export async function readEngineUse(wsUrl: string): Promise<EngineUseReading | null> {
  try {
    const response = await fetch(`${wsUrl.replace(/^ws/, 'http')}/metrics`);
    return response.ok ? parseEngineUse(await response.text()) : null;
  } catch {
    return null;
  }
}

/** What happened between two readings; null if either is missing. */
export function engineUseBetween(before: EngineUseReading | null, after: EngineUseReading | null): EngineUseReading | null {
  if (!before || !after) return null;
  return { busyMs: after.busyMs - before.busyMs, idleWaitingMs: after.idleWaitingMs - before.idleWaitingMs };
}

/** The share of engine time lost between batches while one was ready: idle / (busy + idle); null without data. */
export function idleShare(use: EngineUseReading | null): number | null {
  if (!use) return null;
  const total = use.busyMs + use.idleWaitingMs;
  return total > 0 ? use.idleWaitingMs / total : null;
}
