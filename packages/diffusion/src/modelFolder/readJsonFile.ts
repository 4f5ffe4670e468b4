import { readFile } from 'node:fs/promises';
import { ModelFolderError } from '../errors.js';

/** Reads a JSON object file; a missing or malformed file is a {@link ModelFolderError} naming it. */
export async function readJsonFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ModelFolderError('model folder file missing', `a file ${path}`, (cause as NodeJS.ErrnoException).code ?? String(cause));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ModelFolderError(`malformed ${path}`, 'valid JSON', (cause as Error).message);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ModelFolderError(`malformed ${path}`, 'a JSON object', Array.isArray(value) ? 'an array' : typeof value);
  }
  return value as Record<string, unknown>;
}

/** Like {@link readJsonFile} but `undefined` when the file does not exist (optional configs). */
export async function readOptionalJsonFile(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return await readJsonFile(path);
  } catch (error) {
    if (error instanceof ModelFolderError && error.found === 'ENOENT') return undefined;
    throw error;
  }
}
