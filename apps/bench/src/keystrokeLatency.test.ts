import { describe, expect, it } from 'vitest';
import { analyzeKeystrokes } from './keystrokeLatency.js';
import type { FrameArrival } from './FrameLog.js';

function frame(seq: number, prompt: string, startedAt: number, genMs: number, arrival: number, quality: FrameArrival['quality'] = 'refined', modelWorkMs = genMs): FrameArrival {
  return { seq, prompt, startedAtEpochMs: startedAt, genMs, modelWorkMs, quality, messageBytes: 1000, arrivalEpochMs: arrival };
}

describe('analyzeKeystrokes', () => {
  it('subtracts genMs and debounce from latency for an idle room and engine', () => {
    // typed 'a' at 1000; debounce 30 -> start 1030 (+2 ms server), gen 10, delivered 3 ms later.
    const f = frame(1, 'a', 1032, 10, 1045);
    const figures = analyzeKeystrokes([{ roomId: 'r', typedAt: new Map([['a', 1000]]), arrivalsByClient: [[f], [{ ...f, arrivalEpochMs: 1047 }]] }], 30, 1000);
    expect(figures.samples).toBe(2);
    expect(figures.latency?.min).toBe(45);
    expect(figures.overhead?.min).toBe(5);
    expect(figures.overheadExcludingQueue?.min).toBe(5);
    expect(figures.delivery?.max).toBe(5);
    expect(figures.modelFps).toBe(100);
  });

  it('does not count waiting for another room\'s render as overhead', () => {
    // Room x renders 1000..1100; room y's keystroke at 1000 is ready at 1030 but must wait until 1100.
    const x = frame(1, 'x1', 1000, 100, 1101);
    const y = frame(1, 'y1', 1100, 100, 1202);
    const figures = analyzeKeystrokes(
      [
        { roomId: 'x', typedAt: new Map([['x1', 970]]), arrivalsByClient: [[x]] },
        { roomId: 'y', typedAt: new Map([['y1', 1000]]), arrivalsByClient: [[y]] },
      ],
      30,
      1000,
    );
    // y: latency 202, overhead 202 - 100 - 30 = 72, excluding the queue 1202 - 100 - 1100 = 2.
    expect(figures.overhead?.max).toBe(72);
    expect(figures.overheadExcludingQueue?.max).toBe(2);
  });

  it('counts a room waiting for the engine from its first unshown keystroke, not its last', () => {
    // Room y: 'y1' typed at 1000 (ready 1030), engine busy with x until 1100; 'y12' typed at 1090 is rendered at 1100.
    const x = frame(1, 'x1', 1000, 100, 1101);
    const y = frame(1, 'y12', 1100, 100, 1202);
    const figures = analyzeKeystrokes(
      [
        { roomId: 'x', typedAt: new Map([['x1', 970]]), arrivalsByClient: [[x]] },
        { roomId: 'y', typedAt: new Map([['y1', 1000], ['y12', 1090]]), arrivalsByClient: [[y]] },
      ],
      30,
      1000,
    );
    expect(figures.overheadExcludingQueue?.max).toBe(2);
    // The literal figure is measured from the frame's own keystroke: 1202 - 1090 - 100 - 30.
    expect(figures.overhead?.min).toBe(-18);
  });

  it('starts a keystroke typed during the room\'s own render at that render\'s end, and skips unknown prompts', () => {
    const first = frame(1, 'a', 1030, 100, 1131);
    const second = frame(2, 'ab', 1130, 100, 1232);
    const stale = frame(0, 'from before', 900, 10, 1001);
    const figures = analyzeKeystrokes([{ roomId: 'r', typedAt: new Map([['a', 1000], ['ab', 1050]]), arrivalsByClient: [[stale, first, second]] }], 30, 2000);
    expect(figures.unmatched).toBe(1);
    expect(figures.overheadExcludingQueue?.max).toBe(2);
    expect(figures.fpsPerRoom?.p50).toBe(1);
  });

  it('frees the engine when a render\'s model work ends, not when its frame is encoded (pipelining)', () => {
    // x: model work 1000..1080, encoded by 1100. y: ready at 1030, starts at 1080 as x's model work ends.
    const x = frame(1, 'x1', 1000, 100, 1101, 'preview', 80);
    const y = frame(1, 'y1', 1080, 100, 1182, 'preview', 80);
    const figures = analyzeKeystrokes(
      [
        { roomId: 'x', typedAt: new Map([['x1', 970]]), arrivalsByClient: [[x]] },
        { roomId: 'y', typedAt: new Map([['y1', 1000]]), arrivalsByClient: [[y]] },
      ],
      30,
      1000,
    );
    // y waited for x's model work only: 1182 - 100 - 1080 = 2. Ending x at its encode (1100) would leave no render
    // ended before y's start, and charge y's whole wait for x (50 ms) as overhead.
    expect(figures.overheadExcludingQueue?.max).toBe(2);
  });

  it('answers a keystroke with its prompt\'s first frame only: a later refine counts as a frame but not as latency', () => {
    const preview = frame(1, 'a', 1032, 10, 1045, 'preview');
    const refine = frame(2, 'a', 1450, 40, 1492);
    const figures = analyzeKeystrokes([{ roomId: 'r', typedAt: new Map([['a', 1000]]), arrivalsByClient: [[preview, refine]] }], 30, 1000);
    expect(figures.samples).toBe(1);
    expect(figures.latency?.max).toBe(45);
    expect(figures.editToStart?.max).toBe(32);
    expect(figures.framesPerSecond).toBe(2);
  });
});
