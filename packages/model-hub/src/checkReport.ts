/**
 * The shape `models verify` and `doctor` report in: a list of named checks, each ok / warn / error with a
 * detail line and, for problems, the fix. One formatter prints both, so they read the same.
 */

/** Outcome of one check. `warn` is a problem that does not stop promptjam from running. */
export type CheckStatus = 'ok' | 'warn' | 'error';

/** One named check. */
export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a warn or error. */
  fix?: string;
  /**
   * Set on a warning that only says this host has no GPU set up (nothing is broken), in a few words (e.g.
   * `no NVIDIA GPU visible`): on a CPU-only host the doctor says that once (`collapseNoGpu`).
   */
  noGpu?: string;
}

const SYMBOL: Readonly<Record<CheckStatus, string>> = { ok: 'ok  ', warn: 'WARN', error: 'FAIL' };

/** Renders checks as aligned lines, each problem followed by its `fix:` line. */
export function formatChecks(checks: readonly Check[]): string {
  const width = Math.max(0, ...checks.map((c) => c.name.length));
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`${SYMBOL[check.status]}  ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.fix && check.status !== 'ok') lines.push(`${' '.repeat(width + 8)}fix: ${check.fix}`);
  }
  return lines.join('\n');
}

/** One-line tally, e.g. `7 ok, 1 warning, 0 errors`. */
export function summarizeChecks(checks: readonly Check[]): string {
  const count = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
  const warnings = count('warn');
  const errors = count('error');
  return `${count('ok')} ok, ${warnings} warning${warnings === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}`;
}

/** True when no check failed. */
export function checksPassed(checks: readonly Check[]): boolean {
  return checks.every((c) => c.status !== 'error');
}
