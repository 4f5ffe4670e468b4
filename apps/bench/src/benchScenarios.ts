/**
 * The shape of each scenario's figures inside a results file: what the report and the plots read.
 * Every field is optional because a run may skip or fail a scenario (the notes then say why).
 */
import type { CostCalibration } from './modelPrep.js';
import type { BatchingScenario } from './scenarios/batching.js';
import type { ClusterResult } from './scenarios/cluster.js';
import type { EngineScenarioResult } from './scenarios/engineOverhead.js';
import type { FanoutPoint } from './scenarios/fanout.js';
import type { GpuBreakdownResult } from './scenarios/gpuBreakdown.js';
import type { KeystrokeResult } from './scenarios/keystrokeToFrame.js';
import type { ScaleResult } from './scenarios/scale.js';
import type { SketchRasterResult } from './scenarios/sketchRaster.js';
import type { SlowConsumerResult } from './scenarios/slowConsumer.js';
import type { StrokeResult } from './scenarios/strokeToPeer.js';
import type { TimelapseResult } from './scenarios/timelapse.js';
import type { WordListResult } from './scenarios/wordList.js';
import type { Summary } from './stats.js';

/** The bare relay's keystroke-to-peer latency for one grid point. */
export interface RelayBaseline {
  rooms: number;
  clientsPerRoom: number;
  keystrokeToPeerMs: Summary | null;
}

/** Scenario 2: both model costs, the bare relay baseline, and the cost calibration. */
export interface KeystrokeScenario {
  realCost: KeystrokeResult[];
  gpuCost: KeystrokeResult[];
  baseline: RelayBaseline[];
  calibration: CostCalibration | null;
}

/** Scenario 3: the frame params and quality used, and one point per client count. */
export interface FanoutScenario {
  params: Record<string, number>;
  imageQuality: number;
  points: FanoutPoint[];
}

/** Every scenario's figures, by name. */
export interface BenchScenarios {
  engine?: EngineScenarioResult | null;
  sketch?: SketchRasterResult | null;
  gpu?: GpuBreakdownResult | null;
  keystroke?: KeystrokeScenario;
  fanout?: FanoutScenario | null;
  scale?: ScaleResult | null;
  slowConsumer?: SlowConsumerResult | null;
  wordList?: WordListResult | null;
  timelapse?: TimelapseResult | null;
  batching?: BatchingScenario | null;
  strokes?: StrokeResult[] | null;
  cluster?: ClusterResult | null;
}
