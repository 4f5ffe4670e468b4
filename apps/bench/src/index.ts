/**
 * @promptjam/bench: the load harness. It starts @promptjam/server in a child process (or uses a running one),
 * drives it through its public API with real clients against baselines measured in the same run, and writes
 * JSON, markdown and SVG plots to bench-results/. `promptjam bench` (apps/cli) is its command line; what it
 * measures and how: docs/BENCHMARKS.md. Nothing in the server imports it.
 */
export { runBench } from './runBench.js';
export { renderMarkdownReport } from './report.js';
export { SCENARIO_NAMES, benchPlan, type BenchMode, type BenchOptions, type BenchPlan, type ScenarioName } from './benchConfig.js';
export { RESULTS_SCHEMA_VERSION, ResultsWriteError, serializeResults, type BenchResults } from './resultsWriter.js';
export { TARGETS, evaluateTargets, verdict, type TargetCheck, type TargetDefinition, type TargetId } from './targets.js';
export { collectMachineInfo, describeMachine, type MachineInfo } from './machineInfo.js';
