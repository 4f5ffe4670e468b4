import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StatusPacer } from './StatusPacer.js';

const status = (text: string): Uint8Array => new TextEncoder().encode(text);
const read = (sent: Uint8Array[]): string[] => sent.map((m) => new TextDecoder().decode(m));

describe('StatusPacer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the first status at once, then only the newest of a burst when the interval ends', () => {
    const sent: Uint8Array[] = [];
    const pacer = new StatusPacer(100, (m) => sent.push(m), () => Date.now());
    pacer.offer(status('queued 3'));
    expect(read(sent)).toEqual(['queued 3']);
    vi.advanceTimersByTime(20);
    pacer.offer(status('queued 1'));
    pacer.offer(status('generating'));
    vi.advanceTimersByTime(60);
    expect(read(sent)).toEqual(['queued 3']);
    vi.advanceTimersByTime(20);
    expect(read(sent)).toEqual(['queued 3', 'generating']);
    // Quiet for a whole interval: the next one goes out at once again.
    vi.advanceTimersByTime(150);
    pacer.offer(status('idle'));
    expect(read(sent)).toEqual(['queued 3', 'generating', 'idle']);
  });

  it('always delivers the final state of a burst, and never the same bytes twice in a row', () => {
    const sent: Uint8Array[] = [];
    const pacer = new StatusPacer(100, (m) => sent.push(m), () => Date.now());
    pacer.offer(status('idle'));
    pacer.offer(status('generating'));
    pacer.offer(status('idle'));
    vi.advanceTimersByTime(100);
    // The burst ended where it started: nothing new to say.
    expect(read(sent)).toEqual(['idle']);
    pacer.offer(status('generating'));
    expect(read(sent)).toEqual(['idle', 'generating']);
  });

  it('sends every status at once with interval 0, and sends nothing held after cancel', () => {
    const sent: Uint8Array[] = [];
    const unpaced = new StatusPacer(0, (m) => sent.push(m), () => Date.now());
    unpaced.offer(status('queued 1'));
    unpaced.offer(status('generating'));
    expect(read(sent)).toEqual(['queued 1', 'generating']);

    const paced: Uint8Array[] = [];
    const pacer = new StatusPacer(100, (m) => paced.push(m), () => Date.now());
    pacer.offer(status('generating'));
    pacer.offer(status('idle'));
    pacer.cancel();
    vi.advanceTimersByTime(500);
    expect(read(paced)).toEqual(['generating']);
  });

  it('sends the held status with a frame, and the statuses of the rest of that turn at once', async () => {
    const sent: Uint8Array[] = [];
    const pacer = new StatusPacer(100, (m) => sent.push(m), () => Date.now());
    pacer.offer(status('generating'));
    vi.advanceTimersByTime(30);
    pacer.offer(status('queued 1'));
    pacer.frameSent();
    pacer.offer(status('idle'));
    expect(read(sent)).toEqual(['generating', 'queued 1', 'idle']);
    // The turn is over: paced again, from the last status sent.
    await new Promise<void>((resolve) => process.nextTick(resolve));
    vi.advanceTimersByTime(50);
    pacer.offer(status('generating'));
    expect(read(sent)).toEqual(['generating', 'queued 1', 'idle']);
    vi.advanceTimersByTime(50);
    expect(read(sent)).toEqual(['generating', 'queued 1', 'idle', 'generating']);
    // A frame with nothing held sends nothing.
    pacer.frameSent();
    expect(sent).toHaveLength(4);
  });
});
