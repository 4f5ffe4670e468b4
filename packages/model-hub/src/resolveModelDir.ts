/**
 * Turns what a user types after `models verify|inspect|fetch` into a folder: a known model name or an installed
 * folder name (relative to the models root), or a path.
 */
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { findKnownModel, type KnownModel } from './catalogue.js';

/** The folder `NAME|DIR` designates: `<root>/<name>` when that exists or NAME is known, else the path itself. */
export function resolveModelDir(nameOrDir: string, root: string, cwd: string = process.cwd()): string {
  const underRoot = join(root, nameOrDir);
  const looksLikePath = isAbsolute(nameOrDir) || nameOrDir.startsWith('.') || existsSync(resolve(cwd, nameOrDir));
  if (!looksLikePath && (existsSync(underRoot) || findKnownModel(nameOrDir))) return underRoot;
  return resolve(cwd, nameOrDir);
}

/** What `models fetch NAME` downloads: a catalogue entry, or any `owner/name` hub repository (no licence on file). */
export interface FetchTarget {
  repo: string;
  /** Default folder name under the models root. */
  folderName: string;
  known: KnownModel | undefined;
}

/** Resolves `models fetch NAME`; undefined when NAME is neither known nor an `owner/name` repository id. */
export function resolveFetchTarget(name: string): FetchTarget | undefined {
  const known = findKnownModel(name);
  if (known) return { repo: known.repo, folderName: known.name, known };
  if (/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(name)) return { repo: name, folderName: basename(name), known: undefined };
  return undefined;
}
