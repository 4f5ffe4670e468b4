import { describe, expect, it } from 'vitest';
import { EventLoopLagSampler } from './EventLoopLagSampler.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function blockFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy: this is the lag being measured
  }
}

describe('EventLoopLagSampler', () => {
  it('sees a blocked loop and subtracts its own timer period', async () => {
    const sampler = new EventLoopLagSampler(10);
    sampler.start();
    await sleep(100);
    blockFor(80);
    await sleep(50);
    const lag = sampler.read();
    sampler.stop();
    // An 80 ms block makes the timer at least ~70 ms late; a loaded machine only makes it later.
    expect(lag.maxMs).toBeGreaterThan(60);
    expect(lag.windowMs).toBeGreaterThan(200);
  });

  it('refuses to read before it starts', () => {
    expect(() => new EventLoopLagSampler().read()).toThrow(/before start/);
  });
});
