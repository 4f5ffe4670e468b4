import { pino, type Logger } from 'pino';

/** The structured logger every server part writes to (pino: one JSON object per line). */
export type ServerLogger = Logger;

/**
 * Creates the server's logger. Logs go to stderr because the CLI keeps stdout for command output, and are
 * written synchronously so nothing is lost when the process exits. `silent` turns them off (tests).
 * Each line carries `service: "promptjam"`; the parts add their own bindings (`room`, `conn`) with `child()`.
 */
export function createLogger(level: string): ServerLogger {
  return pino(
    { level, base: { service: 'promptjam' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 2, sync: true }),
  );
}
