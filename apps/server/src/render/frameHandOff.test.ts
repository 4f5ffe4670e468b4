import { describe, expect, it } from 'vitest';
import type { GenerateResult } from '@promptjam/diffusion';
import { DEFAULT_PARAMS } from '@promptjam/protocol';
import { handToRoom, settleFrame } from './frameHandOff.js';
import type { RenderClient, RenderJob } from './renderTypes.js';

const RESULT: GenerateResult = { image: new Uint8Array([1]), mime: 'image/jpeg', width: 8, height: 8, genMs: 1, timings: {} };
const JOB: RenderJob = { input: { prompt: 'a cat', params: DEFAULT_PARAMS }, startedAt: 0, dirtySinceMs: 0, quality: 'refined', batchSize: 1 };

/** A room that records what it was handed, and throws where the test says. */
function room(throwOn: { frame?: boolean; error?: boolean } = {}): RenderClient & { log: string[] } {
  const log: string[] = [];
  return {
    id: 'r',
    log,
    renderInput: () => JOB.input,
    onProgress: () => undefined,
    onFrame: () => {
      log.push('frame');
      if (throwOn.frame) throw new Error('room broke on its frame');
    },
    onRenderError: (_job, error) => {
      log.push(`error: ${error.message}`);
      if (throwOn.error) throw new Error('room broke on its error');
    },
  };
}

describe('frame hand-off', () => {
  it('settles a frame to its result or its error, never rejecting', async () => {
    await expect(settleFrame(Promise.resolve(RESULT))).resolves.toEqual({ result: RESULT });
    await expect(settleFrame(Promise.reject(new Error('out of memory')))).resolves.toEqual({ error: new Error('out of memory') });
  });

  it('hands the frame, or the error; a room throwing on its frame gets that error instead', () => {
    const ok = room();
    expect(handToRoom(ok, JOB, { result: RESULT })).toBe(true);
    const failed = room();
    expect(handToRoom(failed, JOB, { error: new Error('out of memory') })).toBe(false);
    const broken = room({ frame: true, error: true });
    expect(handToRoom(broken, JOB, { result: RESULT })).toBe(false);
    expect([ok.log, failed.log, broken.log]).toEqual([['frame'], ['error: out of memory'], ['frame', 'error: room broke on its frame']]);
  });
});
