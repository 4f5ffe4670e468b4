/**
 * Scenario 3, fan-out: one frame to N clients of one room, against a bare `ws` broadcast of the very same bytes
 * to N clients, trials interleaved so both see the same machine noise.
 *
 * The bare time is exact: last client's arrival minus the start of its send loop. promptjam's send moment cannot
 * be seen from outside, so two estimates are reported:
 * - `promptjamFromEngineMs`: last arrival minus `startedAt + genMs`. An upper bound: besides the send loop it holds
 *   the worker hand-off of the image, the 'generating' status the server sends to all N clients just after
 *   `startedAt` (before the engine starts), and up to 1 ms of `startedAt` rounding.
 * - `promptjamLastMs`: promptjam's spread (first to last arrival) plus the bare server's first-arrival time, i.e.
 *   promptjam's own per-client cost with the first send assumed as fast as bare ws. This is the fan-out proper,
 *   and the target (<= 1.2x bare at N = 200) is judged on it; the upper bound is reported beside it.
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
  /** Estimated time to the last client: promptjam's spread + bare's first-arrival time (see the module comment). */
  promptjamLastMs: number;
  /** Bare ws: start of the send loop to the last client's arrival. */
  bareLastMs: number;
  /** promptjamLastMs / bareLastMs: the target's figure. */
  ratio: number | null;
  /** Upper bound: engine done (startedAt + genMs) to the last client's arrival. */
  promptjamFromEngineMs: number;
  fromEngineRatio: number | null;
  promptjamSpreadMs: number;
  bareSpreadMs: number;
  /** Bare ws: start of the send loop to the first client's arrival. */
  bareFirstMs: number;
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

interface Trial {
  /** First and last arrival after the reference moment, ms. */
  first: number;
  last: number;
}

function trial(arrivals: readonly number[], reference: number): Trial {
  return { first: Math.min(...arrivals) - reference, last: Math.max(...arrivals) - reference };
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
      const pj: Trial[] = [];
      const bareTimes: Trial[] = [];
      const loops: number[] = [];
      let frameBytes = 0;
      // One warm-up trial (first frame at these params) that is not counted.
      for (let index = -1; index < options.trials; index += 1) {
        const prompt = `fan-out to ${n} clients, trial ${index}, a city of glass at noon`;
        writer.frames.splice(0);
        watchers.forEach((c) => c.clearFrames());
        writer.setPrompt(prompt);
        const received = () => watchers.filter((c) => c.frames.some((f) => f.prompt === prompt)).length + (writer.frames.some((f) => f.prompt === prompt) ? 1 : 0);
        await waitUntil(() => received() === n, FRAME_WAIT_MS, `frame '${prompt}' at all ${n} clients`);
        const own = writer.frames.find((f) => f.prompt === prompt)!;
        const arrivals = [own.arrivalEpochMs, ...watchers.map((c) => c.frames.find((f) => f.prompt === prompt)!.arrivalEpochMs)];
        frameBytes = own.messageBytes;
        if (index >= 0) pj.push(trial(arrivals, own.startedAtEpochMs + own.genMs));
        // The very same bytes through the bare server.
        const bytes = writer.lastFrameBytes!;
        bareSwarm.clients.forEach((c) => c.clearFrames());
        const sent = await bare.broadcast(bytes);
        await waitUntil(() => bareSwarm.clients.every((c) => c.frames.length > 0), FRAME_WAIT_MS, `bare broadcast at all ${n} clients`);
        if (index >= 0) {
          bareTimes.push(trial(bareSwarm.clients.map((c) => c.frames[0]!.arrivalEpochMs), sent.sentAtEpochMs));
          loops.push(sent.sendLoopMs);
        }
        await sleep(50);
      }
      const pjSpread = median(pj.map((t) => t.last - t.first));
      const bareFirst = median(bareTimes.map((t) => t.first));
      const point: FanoutPoint = {
        clients: n,
        frameBytes,
        trials: pj.length,
        promptjamLastMs: round(pjSpread + bareFirst),
        bareLastMs: round(median(bareTimes.map((t) => t.last))),
        ratio: null,
        promptjamFromEngineMs: round(median(pj.map((t) => t.last))),
        fromEngineRatio: null,
        promptjamSpreadMs: round(pjSpread),
        bareSpreadMs: round(median(bareTimes.map((t) => t.last - t.first))),
        bareFirstMs: round(bareFirst),
        bareSendLoopMs: round(median(loops)),
      };
      // With one client the estimate is bare's own first-arrival time by construction: no ratio to report.
      point.ratio = n > 1 ? ratio(point.promptjamLastMs, point.bareLastMs) : null;
      point.fromEngineRatio = ratio(point.promptjamFromEngineMs, point.bareLastMs);
      log(
        `  N=${n}: promptjam ${point.promptjamLastMs.toFixed(2)} ms vs bare ws ${point.bareLastMs.toFixed(2)} ms (x${point.ratio?.toFixed(2) ?? 'n/a'};` +
          ` from engine done ${point.promptjamFromEngineMs.toFixed(2)} ms, x${point.fromEngineRatio?.toFixed(2) ?? 'n/a'}), ${frameBytes} B frame`,
      );
      points.push(point);
    } finally {
      writer.destroy();
      await swarm.closeAll();
      await bareSwarm.closeAll();
    }
  }
  return points;
}
