import { describe, expect, it } from 'vitest';
import { EngineClosedError } from '../errors.js';
import { PendingBatches } from './PendingBatches.js';
import type { GenerateResult } from './types.js';

const RESULT: GenerateResult = { image: new Uint8Array([1]), mime: 'image/jpeg', width: 8, height: 8, genMs: 1, timings: {} };
const WORK = { startedAtMs: 10, endedAtMs: 20 };

describe('PendingBatches', () => {
  it('keeps a batch until its modelDone has come, even when all its frames came first (two threads, any order)', async () => {
    const pending = new PendingBatches();
    const batch = pending.add(1, 2);
    pending.receive({ type: 'result', id: 1, index: 1, result: RESULT });
    pending.receive({ type: 'result', id: 1, index: 0, result: RESULT });
    expect(pending.size).toBe(1);
    pending.receive({ type: 'modelDone', id: 1, work: WORK });
    await expect(batch.modelDone).resolves.toEqual(WORK);
    await expect(Promise.all(batch.frames)).resolves.toHaveLength(2);
    expect(pending.size).toBe(0);
  });

  it('answers each frame on its own, a failure included, and fails what is left with EngineClosedError', async () => {
    const pending = new PendingBatches();
    const first = pending.add(1, 2);
    const second = pending.add(2, 1);
    pending.receive({ type: 'modelDone', id: 1, work: WORK });
    pending.receive({ type: 'failed', id: 1, index: 0, error: { name: 'Error', message: 'bad request' } });
    pending.receive({ type: 'result', id: 1, index: 1, result: RESULT });
    await expect(first.frames[0]).rejects.toThrow('bad request');
    await expect(first.frames[1]).resolves.toBe(RESULT);
    pending.failAll('engine worker exited with code 1');
    await expect(second.modelDone).resolves.toBeUndefined();
    await expect(second.frames[0]).rejects.toBeInstanceOf(EngineClosedError);
    expect(pending.size).toBe(0);
  });
});
