import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tinyModelDir } from '../test/tinyModels.js';
import { createEngine } from './createEngine.js';
import { lowerThisThreadPriority } from './threadPriority.js';

/** The nice value of one of this process's threads (field 19 of its stat, counted after the command name). */
function niceOf(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** Nice values of every thread of this process, by thread id. */
function threadNices(): Map<string, number> {
  return new Map(readdirSync('/proc/self/task').map((tid) => [tid, niceOf(`/proc/self/task/${tid}/stat`)]));
}

const onLinux = process.platform === 'linux';

describe('lowerThisThreadPriority', () => {
  // The worker engine runs the compiled dist/engine/*.js: `pnpm --filter @promptjam/diffusion build` first.
  it.runIf(onLinux)('lowers the worker engine\'s threads (engine and frame encoder) and leaves the calling thread alone', async () => {
    const mainNice = niceOf('/proc/thread-self/stat');
    const before = threadNices();
    const modelDir = await tinyModelDir({ type: 'sdxl', dtype: 'float32' });
    const engine = await createEngine({ modelDir, device: 'cpu', warmupSizePx: 64, threadNice: mainNice + 6, log: () => {} });
    try {
      await engine.generate({ prompt: 'a lighthouse', seed: 1, steps: 1, width: 64, height: 64 });
      const lowered = [...threadNices()].filter(([tid, nice]) => !before.has(tid) && nice === mainNice + 6);
      // The engine thread and the frame-encoder thread, at least (threads they start inherit it).
      expect(lowered.length).toBeGreaterThanOrEqual(2);
      expect(niceOf('/proc/thread-self/stat')).toBe(mainNice);
    } finally {
      await engine.dispose();
    }
  });

  it.runIf(onLinux)('leaves everything alone for 0, and refuses values outside 0-19 without throwing', () => {
    expect(lowerThisThreadPriority(0)).toMatchObject({ applied: false });
    expect(lowerThisThreadPriority(20)).toMatchObject({ applied: false });
    expect(lowerThisThreadPriority(2.5)).toMatchObject({ applied: false });
    expect(lowerThisThreadPriority(-1).note).toMatch(/0, 19/);
  });

  it('does nothing off Linux, where the same call would lower the whole process', () => {
    expect(lowerThisThreadPriority(10, 'darwin')).toMatchObject({ applied: false });
    expect(lowerThisThreadPriority(10, 'win32').note).toMatch(/Linux/);
  });
});
