/**
 * Scenario 3, fan-out: one frame to N clients of one room, against a bare `ws` broadcast of the very same bytes
 * to N clients, trials interleaved so both see the same machine noise.
 *
 * promptjam's time for a trial is the last client's arrival minus the moment the engine finished
 * (`startedAt + genMs`): it therefore includes the worker hand-off and the frame's encoding as well as the
 * send loop. The bare time is the last arrival minus the start of its send loop. The spread (last − first
 * arrival) isolates the per-client cost. Both are reported; the target (<= 1.2x at N = 200) is judged on the
 * last-arrival medians.
 */
import { ClientSwarm } from '../ClientSwarm.js';
import { sleep, waitUntil } from '../clock.js';
import type { RawRoomClient } from '../RawRoomClient.js';
import type { ServerProcess } from '../ServerProcess.js';
import { median, ratio, round } from '../stats.js';
import { SyntheticTypist } from '../SyntheticTypist.js';
import { roomName, type BenchLog, type BenchTarget } from './benchTarget.js';

/** One N's figures, in ms (medians over trials). */
export interface FanoutPoint {
  clients: number;
  frameBytes: number;
  trials: number;
  promptjamLastMs: number;
  bareLastMs: number;
  /** promptjamLastMs / bareLastMs. */
  ratio: number | null;
  promptjamSpreadMs: number;
  bareSpreadMs: number;
  spreadRatio: number | null;
  /** Median time the bare server's send loop itself took. */
  bareSendLoopMs: number;
}

/** Client counts, trials per count, and the params that give the wanted frame size. */
export interface FanoutOptions {
  clientCounts: readonly number[];
  trials: number;
  /** Generation params giving a frame of roughly the wanted size (60 KB in the issue). */
  params: Record<string, number>;
}

const FRAME_WAIT_MS = 30_000;

function lastAndSpread(arrivals: readonly number[], reference: number): { last: number; spread: number } {
  const last = Math.max(...arrivals);
  return { last: last - reference, spread: last - Math.min(...arrivals) };
}

/** Measures every N in `options.clientCounts`. */
export async function runFanout(target: BenchTarget, bare: ServerProcess, options: FanoutOptions, log: BenchLog): Promise<FanoutPoint[]> {
  const points: FanoutPoint[] = [];
  for (const n of options.clientCounts) {
    const roomId = roomName('fanout', n);
    const writer = new SyntheticTypist({ url: target.url, roomId, seed: n });
    const swarm = new ClientSwarm();
    const bareSwarm = new ClientSwarm();
    try {
      await writer.synced();
      writer.setParams(options.params);
      const watchers: RawRoomClient[] = await swarm.add(
        Array.from({ length: n - 1 }, () => ({ url: target.url, roomId, recordFrames: true })),
      );
      await bareSwarm.add(Array.from({ length: n }, () => ({ url: bare.url, roomId: 'fanout', recordFrames: true, join: false })));
      await sleep(300);
      const pj: { last: number; spread: number }[] = [];
      const bareTimes: { last: number; spread: number }[] = [];
      const loops: number[] = [];
      let frameBytes = 0;
      // One warm-up trial (first frame at these params) that is not counted.
      for (let trial = -1; trial < options.trials; trial += 1) {
        const prompt = `fan-out to ${n} clients, trial ${trial}, a city of glass at noon`;
        writer.frames.splice(0);
        watchers.forEach((c) => c.clearFrames());
        writer.setPrompt(prompt);
        const received = () => watchers.filter((c) => c.frames.some((f) => f.prompt === prompt)).length + (writer.frames.some((f) => f.prompt === prompt) ? 1 : 0);
        await waitUntil(() => received() === n, FRAME_WAIT_MS, `frame '${prompt}' at all ${n} clients`);
        const own = writer.frames.find((f) => f.prompt === prompt)!;
        const arrivals = [own.arrivalEpochMs, ...watchers.map((c) => c.frames.find((f) => f.prompt === prompt)!.arrivalEpochMs)];
        frameBytes = own.messageBytes;
        if (trial >= 0) pj.push(lastAndSpread(arrivals, own.startedAtEpochMs + own.genMs));
        // The very same bytes through the bare server.
        const bytes = writer.lastFrameBytes!;
        bareSwarm.clients.forEach((c) => c.clearFrames());
        const sent = await bare.broadcast(bytes);
        await waitUntil(() => bareSwarm.clients.every((c) => c.frames.length > 0), FRAME_WAIT_MS, `bare broadcast at all ${n} clients`);
        if (trial >= 0) {
          bareTimes.push(lastAndSpread(bareSwarm.clients.map((c) => c.frames[0]!.arrivalEpochMs), sent.sentAtEpochMs));
          loops.push(sent.sendLoopMs);
        }
        await sleep(50);
      }
      const point: FanoutPoint = {
        clients: n,
        frameBytes,
        trials: pj.length,
        promptjamLastMs: round(median(pj.map((t) => t.last))),
        bareLastMs: round(median(bareTimes.map((t) => t.last))),
        ratio: null,
        promptjamSpreadMs: round(median(pj.map((t) => t.spread))),
        bareSpreadMs: round(median(bareTimes.map((t) => t.spread))),
        spreadRatio: null,
        bareSendLoopMs: round(median(loops)),
      };
      point.ratio = ratio(point.promptjamLastMs, point.bareLastMs);
      point.spreadRatio = n > 1 ? ratio(point.promptjamSpreadMs, point.bareSpreadMs) : null;
      log(`  N=${n}: promptjam ${point.promptjamLastMs.toFixed(2)} ms vs bare ws ${point.bareLastMs.toFixed(2)} ms (x${point.ratio?.toFixed(2) ?? 'n/a'}), ${frameBytes} B frame`);
      points.push(point);
    } finally {
      writer.destroy();
      await swarm.closeAll();
      await bareSwarm.closeAll();
    }
  }
  return points;
}
