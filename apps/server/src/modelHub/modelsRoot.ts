/**
 * Where installed model folders live: the repository's `models/` folder (MODELS_ROOT in MODEL_CONTRACT.md).
 * Resolved from this file's own location, which is the same depth in `src/` and `dist/`
 * (`apps/server/{src,dist}/modelHub/modelsRoot.{ts,js}`), so it works from the CLI, the tests and a deployed checkout.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/** Absolute path of the folder `promptjam models fetch NAME` installs into (`models/NAME`). */
export const MODELS_ROOT = join(REPO_ROOT, 'models');
