/**
 * Scenario 2, keystroke to frame: one synthetic typist (a real y-websocket provider) per room types at human
 * speed while the room's other clients (raw connections) watch; every client records every frame. Latency is
 * taken at every client, from the keystroke whose prompt the frame shows (see keystrokeLatency.ts).
 */
import { ClientSwarm } from '../ClientSwarm.js';
import { sleep } from '../clock.js';
import { EventLoopLagSampler, type EventLoopLag } from '../EventLoopLagSampler.js';
import { checkFramesRenderedOnce, sumFrameUniqueness, type FrameUniqueness } from '../frameUniqueness.js';
import { analyzeKeystrokes, type KeystrokeFigures } from '../keystrokeLatency.js';
import { SyntheticTypist } from '../SyntheticTypist.js';
import { roomName, type BenchLog, type BenchTarget } from './benchTarget.js';

/** One grid point. */
export interface KeystrokeConfig {
  rooms: number;
  clientsPerRoom: number;
  /** How long the typists type, ms. */
  typingMs: number;
  /** Generation params the typists set in their rooms before typing (the room defaults otherwise). */
  params?: Record<string, number>;
}

/** One grid point's figures. */
export interface KeystrokeResult extends KeystrokeConfig {
  model: string;
  figures: KeystrokeFigures;
  /** Server event-loop lag while the typists typed (null against an external server). */
  serverLag: EventLoopLag | null;
  /** The load generator's own lag: when high, client-side figures are inflated by the harness itself. */
  harnessLag: EventLoopLag;
  /** Clients the server closed during the run. */
  closedClients: number;
  /** Frames received in the window, and any seq rendered twice (see frameUniqueness.ts). */
  uniqueness: FrameUniqueness;
}

/** After typing stops, frames still in flight: wait until none arrive for this long. */
const SETTLE_QUIET_MS = 1_000;
const SETTLE_MAX_MS = 15_000;

async function settle(countFrames: () => number): Promise<void> {
  let last = countFrames();
  let quietSince = performance.now();
  const deadline = performance.now() + SETTLE_MAX_MS;
  while (performance.now() < deadline) {
    await sleep(100);
    const now = countFrames();
    if (now !== last) {
      last = now;
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= SETTLE_QUIET_MS) return;
  }
}

/** Runs one grid point against `target`; `tag` keeps room names unique across grid points. */
export async function runKeystrokeConfig(target: BenchTarget, config: KeystrokeConfig, tag: string, log: BenchLog): Promise<KeystrokeResult> {
  const swarm = new ClientSwarm();
  const typists: SyntheticTypist[] = [];
  const harnessLag = new EventLoopLagSampler();
  try {
    const roomIds = Array.from({ length: config.rooms }, (_, i) => roomName(`ks-${tag}`, i));
    roomIds.forEach((roomId, i) => typists.push(new SyntheticTypist({ url: target.url, roomId, seed: 1000 + i })));
    await Promise.all(typists.map((t) => t.synced()));
    if (config.params) typists.forEach((t) => t.setParams(config.params!));
    const urls = target.memberUrls ?? [target.url];
    const watcherSpecs = roomIds.flatMap((roomId) =>
      Array.from({ length: config.clientsPerRoom - 1 }, (_, i) => ({ url: urls[(i + 1) % urls.length]!, roomId, recordFrames: true })),
    );
    await swarm.add(watcherSpecs);
    const watchersByRoom = new Map(roomIds.map((id) => [id, swarm.clients.filter((_, i) => watcherSpecs[i]!.roomId === id)]));
    await sleep(300); // let join-time frames (the rooms' previous frames) arrive before the window opens
    swarm.clients.forEach((c) => c.clearFrames());
    typists.forEach((t) => t.frames.splice(0));
    await target.process?.resetLag();
    harnessLag.start();
    typists.forEach((t) => t.start());
    await sleep(config.typingMs);
    typists.forEach((t) => t.stop());
    const serverLag = target.process ? (await target.process.sample()).lag : null;
    const clientLag = harnessLag.read();
    await settle(() => typists.reduce((n, t) => n + t.frames.length, 0) + swarm.clients.reduce((n, c) => n + c.framesReceived, 0));
    const observations = roomIds.map((roomId, i) => ({
      roomId,
      typedAt: typists[i]!.typedAt,
      arrivalsByClient: [typists[i]!.frames, ...(watchersByRoom.get(roomId) ?? []).map((c) => c.frames)],
    }));
    const figures = analyzeKeystrokes(observations, target.debounceMs, config.typingMs);
    const uniqueness = sumFrameUniqueness(observations.map((o) => checkFramesRenderedOnce(o.arrivalsByClient)));
    const closedClients = swarm.clients.length - swarm.openCount();
    log(
      `  ${config.rooms} room(s) x ${config.clientsPerRoom} client(s), ${target.modelLabel}: overhead p95 ${figures.overhead?.p95.toFixed(1) ?? 'n/a'} ms` +
        ` (excl. engine queue ${figures.overheadExcludingQueue?.p95.toFixed(1) ?? 'n/a'} ms), ${figures.fpsPerRoom?.p50.toFixed(2) ?? '0'} fps/room, ${figures.samples} samples`,
    );
    return { ...config, model: target.modelLabel, figures, serverLag, harnessLag: clientLag, closedClients, uniqueness };
  } finally {
    harnessLag.stop();
    typists.forEach((t) => t.destroy());
    await swarm.closeAll();
  }
}
