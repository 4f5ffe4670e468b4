/**
 * Scenario 4, scale: server heap and RSS (after a full GC, sampled inside the server process) as idle clients
 * and idle loaded rooms grow, against the bare `ws` server holding the same idle clients. Bytes per client or
 * per room is the least-squares slope against the count, which ignores the fixed cost of the process. The
 * targets are judged on heap plus external memory: a room's last frame and a socket's buffers live in Buffers,
 * outside the JS heap, and leaving them out would flatter the figure.
 */
import { ClientSwarm } from '../ClientSwarm.js';
import { sleep, waitUntil } from '../clock.js';
import { promptUpdate } from '../promptUpdate.js';
import type { RawRoomClient } from '../RawRoomClient.js';
import type { ServerProcess } from '../ServerProcess.js';
import { linearFit, round } from '../stats.js';
import { roomName, type BenchLog } from './benchTarget.js';

/** Memory at one step, bytes. */
export interface MemoryPoint {
  count: number;
  heapUsedBytes: number;
  rssBytes: number;
  externalBytes: number;
}

/** One growth series and its per-unit slopes. */
export interface GrowthSeries {
  points: MemoryPoint[];
  /** Heap bytes per unit (client or room), least squares. */
  heapBytesPerUnit: number;
  heapFitR2: number;
  /** Heap + external (Buffers, native parts of sockets) bytes per unit: what the targets are judged on. */
  heapExternalBytesPerUnit: number;
  rssBytesPerUnit: number;
  /** Server event-loop lag p99 while this series was being built, ms. */
  lagP99Ms: number;
}

/** Scenario 4: promptjam and bare idle-client series and the idle-room series. */
export interface ScaleResult {
  idleClients: GrowthSeries;
  bareIdleClients: GrowthSeries;
  idleRooms: GrowthSeries;
  /** Rooms spread the idle clients over this many rooms. */
  clientRooms: number;
}

const ROOM_RENDER_WAIT_MS = 60_000;
const ROOM_CREATE_CONCURRENCY = 16;

function series(points: MemoryPoint[], lagP99Ms: number): GrowthSeries {
  const heap = linearFit(points.map((p) => [p.count, p.heapUsedBytes] as const));
  const rss = linearFit(points.map((p) => [p.count, p.rssBytes] as const));
  const heapExternal = linearFit(points.map((p) => [p.count, p.heapUsedBytes + p.externalBytes] as const));
  return {
    points,
    heapBytesPerUnit: round(heap.slope, 0),
    heapFitR2: round(heap.r2, 4),
    heapExternalBytesPerUnit: round(heapExternal.slope, 0),
    rssBytesPerUnit: round(rss.slope, 0),
    lagP99Ms: round(lagP99Ms),
  };
}

async function sample(server: ServerProcess, count: number): Promise<MemoryPoint> {
  await sleep(200); // let handshakes' buffers and timers settle before the GC
  const { memory } = await server.sample();
  return { count, heapUsedBytes: memory.heapUsedBytes, rssBytes: memory.rssBytes, externalBytes: memory.externalBytes };
}

/** Grows idle clients through `steps` (cumulative counts), spread over `rooms` rooms. */
export async function growIdleClients(server: ServerProcess, steps: readonly number[], rooms: number, join: boolean, log: BenchLog): Promise<GrowthSeries> {
  const swarm = new ClientSwarm();
  try {
    await server.resetLag();
    const points = [await sample(server, 0)];
    for (const target of steps) {
      const specs = Array.from({ length: target - swarm.size }, (_, i) => ({ url: server.url, roomId: roomName('idle', (swarm.size + i) % rooms), join }));
      await swarm.add(specs);
      points.push(await sample(server, swarm.openCount()));
      log(`  ${swarm.openCount()} idle clients: heap ${(points.at(-1)!.heapUsedBytes / 2 ** 20).toFixed(1)} MiB`);
    }
    const { lag } = await server.sample();
    return series(points, lag.p99Ms);
  } finally {
    await swarm.closeAll();
  }
}

/** Creates `count` rooms named `<prefix>-<first + i>`, each given a prompt and rendered once, then leaves them. */
async function createRenderedRooms(server: ServerProcess, prefix: string, first: number, count: number): Promise<void> {
  const swarm = new ClientSwarm();
  try {
    const writers: RawRoomClient[] = await swarm.add(
      Array.from({ length: count }, (_, i) => ({ url: server.url, roomId: roomName(prefix, first + i), recordFrames: true })),
    );
    writers.forEach((w, i) => w.sendYjsUpdate(promptUpdate(`${prefix} ${first + i}: a quiet harbour at dawn`)));
    await waitUntil(() => writers.every((w) => w.framesReceived > 0 || !w.open), ROOM_RENDER_WAIT_MS, `first frames of ${count} new rooms`);
  } finally {
    await swarm.closeAll();
  }
}

/**
 * Creates idle loaded rooms (a prompt and a rendered last frame, then no clients) through `steps`. A first batch
 * of rooms is rendered before the baseline sample, so the engine's one-time growth on its first frames (ONNX
 * arenas, image buffers) is not charged to the rooms.
 */
export async function growIdleRooms(server: ServerProcess, steps: readonly number[], log: BenchLog): Promise<GrowthSeries> {
  let created = 0;
  await createRenderedRooms(server, 'warm-up-room', 0, ROOM_CREATE_CONCURRENCY);
  await server.resetLag();
  const points = [await sample(server, 0)];
  for (const target of steps) {
    while (created < target) {
      const batch = Math.min(ROOM_CREATE_CONCURRENCY, target - created);
      await createRenderedRooms(server, 'idle-room', created, batch);
      created += batch;
    }
    points.push(await sample(server, created));
    log(`  ${created} idle rooms: heap ${(points.at(-1)!.heapUsedBytes / 2 ** 20).toFixed(1)} MiB`);
  }
  const { lag } = await server.sample();
  return series(points, lag.p99Ms);
}
