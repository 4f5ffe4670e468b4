import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectMachineInfo } from './machineInfo.js';
import { renderMarkdownReport } from './report.js';
import { RESULTS_SCHEMA_VERSION, ResultsWriteError, serializeResults, writeResultsFile, type BenchResults } from './resultsWriter.js';
import { evaluateTargets } from './targets.js';

function sampleResults(): BenchResults {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    mode: 'quick',
    machine: collectMachineInfo(process.cwd()),
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    config: { debounceMs: 30 },
    scenarios: {},
    targets: evaluateTargets({ fanoutRatio: { value: 1.5, note: 'at 200 clients' } }),
    notes: ['No GPU is present on this machine.'],
  };
}

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('results', () => {
  it('writes JSON with the machine it ran on and no temporary file left behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-results-test-'));
    const path = await writeResultsFile(dir, 'quick', sampleResults());
    const parsed = JSON.parse(await readFile(path, 'utf8')) as BenchResults;
    expect(parsed.machine.cores).toBeGreaterThan(0);
    expect(parsed.machine.nodeVersion).toBe(process.version);
    expect(parsed.machine.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await readdir(dir)).toEqual(['quick.json']);
  });

  it('refuses NaN rather than writing null silently, and refuses unsafe names', async () => {
    const broken = sampleResults();
    broken.config = { ratio: Number.NaN };
    expect(() => serializeResults(broken)).toThrow(ResultsWriteError);
    await expect(writeResultsFile(tmpdir(), '../escape', sampleResults())).rejects.toThrow(ResultsWriteError);
  });

  it('renders the targets table with a MISS for a missed target and n/a for unmeasured ones', () => {
    const markdown = renderMarkdownReport(sampleResults());
    expect(markdown).toMatch(/\| one ~60 KB frame to 200 clients .* \| 1\.5 ratio \| \*\*MISS\*\* \|/);
    expect(markdown).toContain('**n/a**');
    expect(markdown).toContain('No GPU is present');
  });
});
