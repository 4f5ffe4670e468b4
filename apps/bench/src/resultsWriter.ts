/**
 * Writes benchmark results as JSON beside their plots (bench-results/ at the repository root by default),
 * so every figure in docs/BENCHMARKS.md can be traced to a file with the machine and commit it came from.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchScenarios } from './benchScenarios.js';
import type { MachineInfo } from './machineInfo.js';
import type { TargetCheck } from './targets.js';

/** Bumped when the shape of {@link BenchResults} changes incompatibly. */
export const RESULTS_SCHEMA_VERSION = 1;

/** One run of the harness, as written to disk. */
export interface BenchResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  /** `quick` (under two minutes here) or `full`. */
  mode: 'quick' | 'full';
  machine: MachineInfo;
  /** ISO 8601 times of the run's start and end. */
  startedAt: string;
  finishedAt: string;
  /** The options the run used (client counts, model cost, debounce, …). */
  config: Record<string, unknown>;
  /** Each scenario's figures, keyed by scenario name. */
  scenarios: BenchScenarios;
  /** Every target from the issues, measured or not, with pass/fail. */
  targets: TargetCheck[];
  /** Plain-words caveats (no GPU, a scenario skipped, …). */
  notes: string[];
}

/** Thrown when results cannot be serialised faithfully. */
export class ResultsWriteError extends Error {
  override name = 'ResultsWriteError';
}

/**
 * Serialises results to stable, readable JSON. NaN and ±Infinity have no JSON form; rather than silently
 * turning them into null (JSON.stringify's habit), they are rejected with the path where they occur.
 */
export function serializeResults(results: BenchResults): string {
  return `${JSON.stringify(results, function replacer(this: unknown, key: string, value: unknown) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new ResultsWriteError(`results field '${key}' is ${String(value)}: expected a finite number or null`);
    }
    return value;
  }, 2)}\n`;
}

/**
 * Writes `results` to `<dir>/<name>.json` (write to a temporary file, then rename, so a crash mid-write
 * never leaves a truncated results file for someone to commit). Returns the path written.
 */
export async function writeResultsFile(dir: string, name: string, results: BenchResults): Promise<string> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new ResultsWriteError(`results name '${name}': expected letters, digits, '.', '_' or '-'`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, serializeResults(results), 'utf8');
  await rename(temporary, path);
  return path;
}

/** Writes any text artefact (an SVG plot) into the results folder the same safe way; returns the path. */
export async function writeResultsArtefact(dir: string, fileName: string, text: string): Promise<string> {
  if (!/^[A-Za-z0-9_.-]+$/.test(fileName)) throw new ResultsWriteError(`artefact name '${fileName}': expected letters, digits, '.', '_' or '-'`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, fileName);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
  return path;
}
