/**
 * The install marker: a JSON file written into a model folder as the very last step of a fetch, naming the
 * repository, revision, commit and every file's size and sha256. A folder without it was not completed by
 * `promptjam models fetch`; `models verify` checks the files against it.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelHubError } from './errors.js';

/** File name of the marker inside a model folder (hidden, so it never looks like a model component). */
export const INSTALL_MARKER_FILE = '.promptjam-model.json';
/** Bump when the marker's shape changes. */
export const INSTALL_MARKER_VERSION = 1;

/** One installed file. */
export interface MarkerFile {
  path: string;
  size: number;
  sha256: string;
}

/** Contents of {@link INSTALL_MARKER_FILE}. */
export interface InstallMarker {
  version: typeof INSTALL_MARKER_VERSION;
  repo: string;
  revision: string;
  commit: string;
  endpoint: string;
  /** ISO 8601 time the fetch completed. */
  completedAt: string;
  files: MarkerFile[];
}

/** The marker exists but cannot be read as one. */
export class InvalidMarkerError extends ModelHubError {
  override name = 'InvalidMarkerError';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${path}: expected ${expected}, found ${found}`, 'fetch the model again (`promptjam models fetch NAME --force`)');
  }
}

/** Reads a folder's marker: undefined when there is none, {@link InvalidMarkerError} when it is malformed. */
export async function readInstallMarker(dir: string): Promise<InstallMarker | undefined> {
  const path = join(dir, INSTALL_MARKER_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InvalidMarkerError(path, 'JSON', 'unparseable text');
  }
  return validateMarker(path, body);
}

/** Writes the marker atomically (temp file + rename), so a crash never leaves half a marker. */
export async function writeInstallMarker(dir: string, marker: InstallMarker): Promise<void> {
  const path = join(dir, INSTALL_MARKER_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(marker, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

function validateMarker(path: string, body: unknown): InstallMarker {
  const marker = body as Partial<InstallMarker> | null;
  if (typeof marker !== 'object' || marker === null) throw new InvalidMarkerError(path, 'an object', typeof body);
  if (marker.version !== INSTALL_MARKER_VERSION) {
    throw new InvalidMarkerError(path, `version ${INSTALL_MARKER_VERSION}`, String(marker.version));
  }
  for (const key of ['repo', 'revision', 'commit', 'endpoint', 'completedAt'] as const) {
    if (typeof marker[key] !== 'string') throw new InvalidMarkerError(path, `"${key}": a string`, typeof marker[key]);
  }
  if (!Array.isArray(marker.files)) throw new InvalidMarkerError(path, '"files": an array', typeof marker.files);
  for (const [index, file] of marker.files.entries()) {
    const ok =
      typeof file?.path === 'string' &&
      !file.path.split('/').includes('..') &&
      Number.isSafeInteger(file.size) &&
      typeof file.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(file.sha256);
    if (!ok) throw new InvalidMarkerError(path, `files[${index}]: {path, size, sha256}`, JSON.stringify(file));
  }
  return marker as InstallMarker;
}
