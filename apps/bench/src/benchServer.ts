/**
 * Starting the servers under test: promptjam's server with the options a benchmark needs, and the bare baseline.
 * Every setting (the security layer included) is the server's default unless a scenario says otherwise, except:
 * per-address limits are raised, because the whole load comes from one address (127.0.0.1) where in real use it
 * comes from thousands; room capacity is raised for the 1,000-client fan-out and the thousands of idle rooms;
 * rooms stay loaded without clients (so idle-room memory is measured before any unload); and each server gets
 * a fresh data directory.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerProcess } from './ServerProcess.js';
import type { BenchLog, BenchTarget } from './scenarios/benchTarget.js';

/** The server's debounce the benchmark runs with (the server's default), ms. */
export const BENCH_DEBOUNCE_MS = 30;
/** Rooms stay loaded this long without clients, so idle-room memory is measured before any unload. */
const BENCH_ROOM_IDLE_MS = 600_000;
/** One load generator stands in for thousands of people on thousands of addresses. */
const BENCH_LIMITS = {
  maxConnectionsPerIp: 1_000_000,
  upgradesPerIpPerSecond: 100_000,
  upgradeBurstPerIp: 1_000_000,
  maxClientsPerRoom: 1_000_000,
  maxLoadedRooms: 1_000_000,
};

/** Which model the server under test runs, how to label it, and its JPEG quality. */
export interface PromptjamServerSpec {
  modelDir: string;
  modelLabel: string;
  /** JPEG quality; the server's default when omitted. */
  imageQuality?: number;
  /** Further server options (e.g. `maxBatch`), over the benchmark's defaults. */
  options?: Record<string, unknown>;
}

/** Starts promptjam's server in a child process with a fresh data directory; logs how its port was found. */
export async function startPromptjamServer(spec: PromptjamServerSpec, log: BenchLog): Promise<BenchTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'promptjam-bench-data-'));
  const serverOptions: Record<string, unknown> = {
    model: spec.modelDir,
    device: 'cpu',
    dataDir,
    debounceMs: BENCH_DEBOUNCE_MS,
    roomIdleMs: BENCH_ROOM_IDLE_MS,
    logLevel: 'warn',
    limits: BENCH_LIMITS,
    ...(spec.imageQuality !== undefined ? { imageQuality: spec.imageQuality } : {}),
    ...spec.options,
  };
  const process = await ServerProcess.start({ mode: 'promptjam', serverOptions });
  log(`  promptjam server (${spec.modelLabel}) pid ${process.pid}: listened on port 0, reported port ${process.port} over IPC -> ${process.url}`);
  return { url: process.url, process, debounceMs: BENCH_DEBOUNCE_MS, modelLabel: spec.modelLabel };
}

/** Starts the bare ws baseline in a child process. */
export async function startBareServer(log: BenchLog): Promise<ServerProcess> {
  const bare = await ServerProcess.start({ mode: 'bare' });
  log(`  bare ws server pid ${bare.pid}: reported port ${bare.port} over IPC -> ${bare.url}`);
  return bare;
}
