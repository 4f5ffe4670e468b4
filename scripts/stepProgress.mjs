/**
 * Runs one long quick-start step (the first build takes minutes) so that it never looks hung: the command's own
 * output passes through, and every `everyMs` without the step ending a line says it is still going and for how long.
 */
import { spawn } from 'node:child_process';

/** How often a long step says it is still running, in ms. */
export const STILL_RUNNING_EVERY_MS = 15_000;

/**
 * Runs `command args` with inherited output; while it runs, calls `log('still <what>… <n> s')` every `everyMs`.
 * Resolves with the exit code (1 when it was killed by a signal); rejects when it cannot be started.
 */
export function runWithProgress(command, args, { cwd, env, what, log, everyMs = STILL_RUNNING_EVERY_MS }) {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    const timer = setInterval(() => log(`still ${what}… ${Math.round((Date.now() - startedAt) / 1000)} s`), everyMs);
    const done = () => clearInterval(timer);
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
