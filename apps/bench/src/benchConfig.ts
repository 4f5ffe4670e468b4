/**
 * The sizes each benchmark mode runs at. `quick` is sized to finish in under two minutes on the shared
 * 2-core VM; `full` covers the whole grid (up to 50 rooms x 200 clients, 1,000-client fan-out,
 * thousands of idle clients and rooms) and takes about ten minutes there.
 */
import type { DevicePreference, WebGpuOptions } from '@promptjam/diffusion';
import type { BenchLog } from './scenarios/benchTarget.js';
import type { KeystrokeConfig } from './scenarios/keystrokeToFrame.js';
import type { StrokeConfig } from './scenarios/strokeToPeer.js';

/** `quick` (under two minutes on 2 cores) or `full` (~10 minutes). */
export type BenchMode = 'quick' | 'full';

/** The scenarios, by the names `--scenarios` takes. */
export const SCENARIO_NAMES = ['engine', 'gpu', 'keystroke', 'fanout', 'scale', 'slow', 'batching', 'words', 'strokes', 'timelapse'] as const;
/** One scenario name. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Everything a run's size depends on. */
export interface BenchPlan {
  /** Keystroke grid with the tiny model at its real cost. */
  keystrokeRealCost: KeystrokeConfig[];
  /** Keystroke grid with the tiny model scaled to an SDXL-Turbo GPU frame. */
  keystrokeGpuCost: KeystrokeConfig[];
  fanoutClients: number[];
  fanoutTrials: number;
  idleClientSteps: number[];
  /** Idle clients are spread over this many rooms. */
  idleClientRooms: number;
  idleRoomSteps: number[];
  slowConsumerClients: number;
  slowConsumerTypingMs: number;
  /** Word-list scenario: checks timed (the regex baseline runs a tenth as many). */
  wordListChecks: number;
  /** Timelapse scenario: exports timed per format (each from a fresh exporter: nothing cached). */
  timelapseTrials: number;
  /** Engine scenario: frames per measurement (cache hit and miss each). */
  engineFrames: number;
  /** Batching scenario: typing-room counts, each run with batching off and on. */
  batchingRooms: number[];
  /** Batching scenario: typing-room counts of the previews off/on comparison. */
  previewRooms: number[];
  /** Batching scenario: how long the typists type at each point, ms. */
  batchingTypingMs: number;
  /** Batching scenario: the fan-out point run on batching off and on (issue 14: 20 busy rooms x 50 clients). */
  batchingFanout: { rooms: number; clientsPerRoom: number };
  /** Stroke scenario: rooms x clients (a typist and a drawer among them) and drawing time. */
  strokes: StrokeConfig[];
  /** Cluster scenario (`--cluster`): the one room's load, run on one server and on three members. */
  cluster: KeystrokeConfig;
}

/** The batch limit the batching scenario compares against batch 1 (the GPU default). */
export const BATCHING_MAX_BATCH = 4;

/** Steps the rooms of the previews comparison ask for (the Turbo models' most). */
export const PREVIEW_ROOM_STEPS = 4;

/** The frame cost of SDXL Turbo on a data-centre GPU the scaled tiny model is calibrated to, ms (207 ms A100 end-to-end, 84 ms H100 TensorRT). */
export const GPU_FRAME_COST_MS = 175;

/** Generation params for fan-out and slow-consumer frames: 896x896 JPEG at quality 95 is ~60 KB with the demo model. */
export const LARGE_FRAME_PARAMS = { width: 896, height: 896 } as const;
/** Server JPEG quality for the large-frame server. */
export const LARGE_FRAME_QUALITY = 95;

/** The slow consumer's delivery rate: 32 KB/s, a phone on a poor connection (a ~60 KB frame takes ~2 s). */
export const SLOW_CONSUMER_BYTES_PER_SECOND = 32 * 1024;

const grid = (rooms: number[], clients: number[], typingMs: number): KeystrokeConfig[] =>
  rooms.flatMap((r) => clients.map((c) => ({ rooms: r, clientsPerRoom: c, typingMs })));

/** The plan for a mode. */
export function benchPlan(mode: BenchMode): BenchPlan {
  if (mode === 'quick') {
    return {
      keystrokeRealCost: [...grid([1], [1, 50], 4_000), ...grid([20], [10, 50], 5_000)],
      keystrokeGpuCost: [...grid([1], [10], 4_000), ...grid([20], [50], 5_000)],
      fanoutClients: [1, 10, 100, 200, 1_000],
      fanoutTrials: 7,
      idleClientSteps: [250, 500, 1_000, 2_000],
      idleClientRooms: 10,
      idleRoomSteps: [50, 100, 200],
      slowConsumerClients: 50,
      slowConsumerTypingMs: 3_000,
      engineFrames: 10,
      wordListChecks: 2_000,
      timelapseTrials: 1,
      batchingRooms: [1, 4, 8, 20],
      previewRooms: [4, 20],
      batchingTypingMs: 3_000,
      batchingFanout: { rooms: 20, clientsPerRoom: 50 },
      strokes: [
        { rooms: 1, clientsPerRoom: 10, drawingMs: 4_000 },
        { rooms: 4, clientsPerRoom: 10, drawingMs: 4_000 },
      ],
      cluster: { rooms: 1, clientsPerRoom: 30, typingMs: 5_000 },
    };
  }
  return {
    keystrokeRealCost: [...grid([1, 5, 20], [1, 10, 50, 200], 10_000), ...grid([50], [10, 50, 200], 10_000)],
    keystrokeGpuCost: grid([1, 5, 20, 50], [10, 50], 10_000),
    fanoutClients: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000],
    fanoutTrials: 10,
    idleClientSteps: [500, 1_000, 2_000, 3_000, 5_000],
    idleClientRooms: 20,
    idleRoomSteps: [100, 250, 500, 1_000, 2_000],
    slowConsumerClients: 200,
    slowConsumerTypingMs: 10_000,
    engineFrames: 40,
    wordListChecks: 10_000,
    timelapseTrials: 3,
    batchingRooms: [1, 4, 8, 20],
    previewRooms: [1, 4, 8, 20],
    batchingTypingMs: 8_000,
    batchingFanout: { rooms: 20, clientsPerRoom: 50 },
    strokes: [
      { rooms: 1, clientsPerRoom: 10, drawingMs: 10_000 },
      { rooms: 10, clientsPerRoom: 10, drawingMs: 10_000 },
      { rooms: 20, clientsPerRoom: 20, drawingMs: 10_000 },
    ],
    cluster: { rooms: 1, clientsPerRoom: 60, typingMs: 10_000 },
  };
}

/** What `promptjam bench` asked for. */
export interface BenchOptions {
  mode: BenchMode;
  /** Where results go (bench-results/ at the repository root by default). */
  outDir: string;
  /** The repository, for the git commit and ../shared/data. */
  repoDir: string;
  scenarios: readonly ScenarioName[];
  /** Also run the cluster scenario (`--cluster`): needs `redis-server` installed. */
  cluster?: boolean;
  /** An already running server (ws://host:port); its memory and lag cannot be sampled. */
  url?: string;
  /** The external server's debounce, ms (ignored for self-started servers, which use the default). */
  externalDebounceMs?: number;
  /** A real model folder for the engine scenario, the GPU breakdown and the batching scenario. */
  modelDir?: string;
  /** With `modelDir`: the batching servers' `--preview-decoder` (`auto`, `off` or a folder); the server's default otherwise. */
  previewDecoder?: string;
  device: DevicePreference;
  /** WebGPU provider options for the GPU breakdown (`--webgpu-layout` and the rest). */
  webgpu?: WebGpuOptions;
  log: BenchLog;
}
