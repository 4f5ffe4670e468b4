/**
 * What a new user sees from `npm start` (scripts/quickstart.mjs, then scripts/start.mjs), against the built room
 * server and web app: the build step says it is still going while it runs, and the launcher says what it starts at
 * once and prints the address to open only when that address answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './harness/freePort';
import { WEB_APP_DIR } from './harness/webApp';

const ROOT = join(WEB_APP_DIR, '..', '..');
const START_SCRIPT = join(ROOT, 'scripts', 'start.mjs');
const CLI = join(ROOT, 'apps', 'cli', 'dist', 'main.js');
/** Time for both processes to start on a loaded 2-core machine, in ms. */
const READY_WAIT_MS = 90_000;

/** Reads `child`'s stdout line by line until `match` matches one; rejects when it exits first or after `ms`. */
function waitForLine(child: ChildProcess, match: RegExp, ms: number, seen: string[]): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`no line matching ${match} within ${ms} ms:\n${seen.join('\n')}`)), ms);
    lines.on('line', (line) => {
      seen.push(line);
      const found = line.match(match);
      if (found === null) return;
      clearTimeout(timer);
      lines.close();
      resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before a line matching ${match}:\n${seen.join('\n')}`)));
  });
}

describe('npm start tells a new user what is happening', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      // The negative pid addresses the process group this test started (the launcher and both servers).
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('the launcher says what it starts, then prints the address once the web app and the room server answer', async () => {
    if (!existsSync(CLI)) throw new Error(`expected the built CLI at ${CLI}; run \`pnpm build\` first`);
    const [webPort, serverPort] = [await freePort(), await freePort()];
    dataDir = await mkdtemp(join(tmpdir(), 'promptjam-start-'));
    child = spawn(process.execPath, [START_SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(webPort), PROMPTJAM_PORT: String(serverPort), PROMPTJAM_DATA_DIR: dataDir, PROMPTJAM_DEVICE: 'cpu' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const seen: string[] = [];
    const ready = waitForLine(child, /^promptjam is ready: open (http:\/\/localhost:(\d+))/, READY_WAIT_MS, seen);
    // The ready line's address, asked right away, answers: it was printed when it worked, not at launch.
    const [, url, port] = await ready;
    const [page, health] = await Promise.all([fetch(url!), fetch(`http://127.0.0.1:${serverPort}/healthz`)]);
    expect([Number(port), page.status, health.status]).toEqual([webPort, 200, 200]);
    expect(seen[0]).toBe(`promptjam: starting the room server (port ${serverPort}) and the web app (port ${webPort})…`);
  });

  it('a long build step says it is still going while it runs', async () => {
    // The same helper the quick start builds with, on a step that takes a little over a second.
    const step = `import(${JSON.stringify(join(ROOT, 'scripts', 'stepProgress.mjs'))}).then(async ({ runWithProgress }) => {
      const code = await runWithProgress(process.execPath, ['-e', 'setTimeout(() => {}, 1300)'], { what: 'building', everyMs: 400, log: (m) => console.log(m) });
      console.log('exit ' + code);
    })`;
    child = spawn(process.execPath, ['--input-type=module', '-e', step], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    const seen: string[] = [];
    await waitForLine(child, /^exit 0$/, 30_000, seen);
    // A line at least every 400 ms of the 1.3 s step (how many exactly is up to a loaded machine's clock), each
    // saying how long so far, never going back.
    const ticks = seen.slice(0, -1);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.every((line) => /^still building… \d+ s$/.test(line))).toBe(true);
    const seconds = ticks.map((line) => Number(line.match(/\d+/)![0]));
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
  });
});
