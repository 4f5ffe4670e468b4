/**
 * Scenario 5, slow consumers: one room with a typist and many watchers, measured twice in a row: with every
 * client reading normally, then with one watcher behind a proxy that delivers only `slowBytesPerSecond` (a phone
 * on a bad network). The room types fast (a keystroke every ~60 ms, several people at once) with ~60 KB frames,
 * so the slow client falls behind within a second and the server has to skip frames for it (or close it).
 * The figure is the other clients' keystroke-to-frame latency with vs without the slow one.
 */
import { ClientSwarm } from '../ClientSwarm.js';
import { sleep } from '../clock.js';
import { analyzeKeystrokes, type KeystrokeFigures } from '../keystrokeLatency.js';
import { ratio } from '../stats.js';
import { startSlowReaderProxy } from '../SlowReaderProxy.js';
import { SyntheticTypist } from '../SyntheticTypist.js';
import { roomName, type BenchLog, type BenchTarget } from './benchTarget.js';

/** Scenario 5: the others' figures with and without the slow client, and what happened to it. */
export interface SlowConsumerResult {
  clients: number;
  typingMs: number;
  /** The slow client's delivery rate, bytes per second. */
  slowBytesPerSecond: number;
  /** Others' figures with everybody reading normally. */
  withoutSlow: KeystrokeFigures;
  /** Others' figures (the slow client excluded) with one slow client. */
  withSlow: KeystrokeFigures;
  /** withSlow / withoutSlow latency p95. */
  latencyP95Ratio: number | null;
  /** Frames the slow client received vs the median other client. */
  slowClientFrames: number;
  otherClientFrames: number;
  /** The close code the server gave the slow client, or null if it stayed connected. */
  slowClientCloseCode: number | null;
}

/** Keystroke gap in the slow-consumer room, ms (mean; ±30 ms): about 16 keystrokes per second. */
export const SLOW_ROOM_KEYSTROKE_GAP_MS = 60;

async function phase(target: BenchTarget, clients: number, typingMs: number, tag: string, slowBytesPerSecond: number | null, params: Record<string, number>) {
  const roomId = roomName(`slow-${tag}`, 0);
  const typist = new SyntheticTypist({ url: target.url, roomId, seed: 7, meanGapMs: SLOW_ROOM_KEYSTROKE_GAP_MS, jitterMs: SLOW_ROOM_KEYSTROKE_GAP_MS / 2 });
  const swarm = new ClientSwarm();
  const proxy = slowBytesPerSecond === null ? null : await startSlowReaderProxy(Number(new URL(target.url).port), slowBytesPerSecond);
  try {
    await typist.synced();
    typist.setParams(params);
    const others = await swarm.add(Array.from({ length: clients - 2 }, () => ({ url: target.url, roomId, recordFrames: true })));
    const [slow] = await swarm.add([{ url: proxy?.url ?? target.url, roomId, recordFrames: true }]);
    await sleep(300);
    swarm.clients.forEach((c) => c.clearFrames());
    typist.frames.splice(0);
    typist.start();
    await sleep(typingMs);
    typist.stop();
    await sleep(1_500);
    const figures = analyzeKeystrokes([{ roomId, typedAt: typist.typedAt, arrivalsByClient: [typist.frames, ...others.map((c) => c.frames)] }], target.debounceMs, typingMs);
    const otherFrames = others.map((c) => c.framesReceived).sort((a, b) => a - b);
    return { figures, slowFrames: slow!.framesReceived, otherFrames: otherFrames[Math.floor(otherFrames.length / 2)] ?? 0, slowClose: slow!.closeCode };
  } finally {
    typist.destroy();
    await proxy?.close();
    await swarm.closeAll();
  }
}

/** Runs both phases; `clients` counts the typist and the slow client. */
export async function runSlowConsumer(target: BenchTarget, clients: number, typingMs: number, slowBytesPerSecond: number, params: Record<string, number>, log: BenchLog): Promise<SlowConsumerResult> {
  const without = await phase(target, clients, typingMs, 'a', null, params);
  const withSlow = await phase(target, clients, typingMs, 'b', slowBytesPerSecond, params);
  const result: SlowConsumerResult = {
    clients,
    typingMs,
    slowBytesPerSecond,
    withoutSlow: without.figures,
    withSlow: withSlow.figures,
    latencyP95Ratio: ratio(withSlow.figures.latency?.p95 ?? Number.NaN, without.figures.latency?.p95 ?? Number.NaN),
    slowClientFrames: withSlow.slowFrames,
    otherClientFrames: withSlow.otherFrames,
    slowClientCloseCode: withSlow.slowClose,
  };
  log(
    `  others' latency p95 ${without.figures.latency?.p95.toFixed(1) ?? 'n/a'} ms -> ${withSlow.figures.latency?.p95.toFixed(1) ?? 'n/a'} ms with one slow client` +
      ` (x${result.latencyP95Ratio?.toFixed(2) ?? 'n/a'}); slow client got ${result.slowClientFrames} frames vs ${result.otherClientFrames}`,
  );
  return result;
}
