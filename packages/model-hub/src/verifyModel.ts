/**
 * `models verify`, as a function: is this folder a model the engine can run, and is it exactly what was fetched?
 * Layout and tensor checks come from the engine (@promptjam/diffusion's `loadModelFolder` and `inspectModel`, so
 * there is one definition of a valid folder); sizes and sha256 are checked against the install marker.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectModel, loadModelFolder } from '@promptjam/diffusion';
import type { Check } from './checkReport.js';
import { hashFile } from './contentHash.js';
import { formatBytes } from './formatBytes.js';
import { INSTALL_MARKER_FILE, readInstallMarker, type InstallMarker } from './installMarker.js';

/** Options of {@link verifyModel}. */
export interface VerifyOptions {
  /** Hash every file against the marker (minutes for a real model); default true. */
  checksums?: boolean;
  /** Load every component in onnxruntime (CPU) and check its tensors; default true. */
  sessions?: boolean;
  /** Called as files are hashed, with the file's path. */
  onHashing?: (path: string, index: number, count: number) => void;
}

const FIX_REFETCH = 'fetch it again: `promptjam models fetch NAME --force` (or copy the folder anew)';

/** Runs every check on `dir` and returns them in order; never throws for a bad folder. */
export async function verifyModel(dir: string, options: VerifyOptions = {}): Promise<Check[]> {
  const checks: Check[] = [];
  let layoutOk = false;
  try {
    const folder = await loadModelFolder(dir);
    layoutOk = true;
    const components = Object.keys(folder.components).join(', ');
    checks.push({ name: 'layout', status: 'ok', detail: `${folder.type} (${folder.pipelineClass}): ${components}` });
  } catch (error) {
    checks.push({ name: 'layout', status: 'error', detail: (error as Error).message, fix: FIX_REFETCH });
  }

  let marker: InstallMarker | undefined;
  try {
    marker = await readInstallMarker(dir);
    checks.push(
      marker
        ? { name: 'marker', status: 'ok', detail: `fetched from ${marker.repo} at ${marker.commit.slice(0, 12)} (${marker.revision}) on ${marker.completedAt}` }
        : {
            name: 'marker',
            status: 'warn',
            detail: `no ${INSTALL_MARKER_FILE}: not fetched by promptjam, so sizes and checksums cannot be checked`,
            fix: 'nothing to do for a generated or hand-made folder; for a hub model use `promptjam models fetch`',
          },
    );
  } catch (error) {
    checks.push({ name: 'marker', status: 'error', detail: (error as Error).message, fix: FIX_REFETCH });
  }
  if (marker) checks.push(...(await checkFiles(dir, marker, options)));

  if (options.sessions !== false && layoutOk) checks.push(await checkSessions(dir));
  return checks;
}

/** Sizes of every marker file, then (optionally) their sha256. */
async function checkFiles(dir: string, marker: InstallMarker, options: VerifyOptions): Promise<Check[]> {
  const problems: string[] = [];
  for (const file of marker.files) {
    const size = await stat(join(dir, file.path)).then((s) => s.size, () => undefined);
    if (size === undefined) problems.push(`${file.path} is missing`);
    else if (size !== file.size) problems.push(`${file.path}: expected ${file.size} bytes, found ${size}`);
  }
  const total = marker.files.reduce((sum, f) => sum + f.size, 0);
  const sizes: Check =
    problems.length === 0
      ? { name: 'sizes', status: 'ok', detail: `${marker.files.length} files, ${formatBytes(total)}` }
      : { name: 'sizes', status: 'error', detail: problems.join('; '), fix: FIX_REFETCH };
  if (options.checksums === false) {
    return [sizes, { name: 'checksums', status: 'warn', detail: 'skipped (--skip-checksums)', fix: 'run without --skip-checksums' }];
  }
  if (problems.length > 0) return [sizes];
  const mismatched: string[] = [];
  for (const [index, file] of marker.files.entries()) {
    options.onHashing?.(file.path, index, marker.files.length);
    const digest = await hashFile(join(dir, file.path));
    if (digest.sha256 !== file.sha256) mismatched.push(`${file.path}: expected sha256 ${file.sha256}, found ${digest.sha256}`);
  }
  const checksums: Check =
    mismatched.length === 0
      ? { name: 'checksums', status: 'ok', detail: `sha256 of all ${marker.files.length} files match the marker` }
      : { name: 'checksums', status: 'error', detail: mismatched.join('; '), fix: FIX_REFETCH };
  return [sizes, checksums];
}

/** Loads every component on the CPU through the engine's inspector and checks the tensors fit the pipeline. */
async function checkSessions(dir: string): Promise<Check> {
  try {
    const report = await inspectModel(dir);
    const names = Object.keys(report.components);
    if (report.signatureError !== undefined) {
      return { name: 'sessions', status: 'error', detail: `${names.length} sessions load, but ${report.signatureError}`, fix: 'this export does not match the diffusers/Optimum ONNX layout the engine runs; use another export' };
    }
    return { name: 'sessions', status: 'ok', detail: `${names.join(', ')} load on CPU; tensors fit the ${report.modelType} pipeline (${report.floatType ?? '?'})` };
  } catch (error) {
    return { name: 'sessions', status: 'error', detail: (error as Error).message, fix: FIX_REFETCH };
  }
}
