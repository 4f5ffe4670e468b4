/**
 * The doctor's look at installed models: what the server will run (`--model auto` takes sdxl-turbo, then
 * sd-turbo, else the demo), unfinished downloads, and a quick size check of fetched folders against their
 * install markers (`models verify` does the full hash and session check).
 */
import type { Check } from '../checkReport.js';
import { KNOWN_MODELS } from '../catalogue.js';
import { formatBytes } from '../formatBytes.js';
import { listInstalledModels } from '../installedModels.js';
import { verifyModel } from '../verifyModel.js';

/** Checks the models under `root`. */
export async function checkModels(root: string): Promise<Check[]> {
  const installed = await listInstalledModels(root);
  const checks: Check[] = [];
  for (const model of installed.filter((m) => m.status === 'incomplete')) {
    checks.push({
      name: `model ${model.name}`,
      status: 'warn',
      detail: `unfinished download (${formatBytes(model.bytes)} so far)`,
      fix: `rerun \`pnpm promptjam models fetch ${model.name}\` to resume it`,
    });
  }
  const real = installed.filter((m) => m.status !== 'incomplete' && !m.demo);
  for (const model of real) {
    const problems = (await verifyModel(model.dir, { checksums: false, sessions: false })).filter((c) => c.status === 'error');
    checks.push(
      problems.length === 0
        ? { name: `model ${model.name}`, status: 'ok', detail: `${formatBytes(model.bytes)}, ${model.status === 'fetched' ? `${model.marker!.repo}@${model.marker!.commit.slice(0, 12)}` : 'local folder'}` }
        : { name: `model ${model.name}`, status: 'error', detail: problems.map((p) => p.detail).join('; '), fix: `\`pnpm promptjam models verify ${model.name}\` for details, then fetch it again` },
    );
  }
  if (!real.some((m) => KNOWN_MODELS.some((k) => k.name === m.name))) {
    const demo = installed.find((m) => m.demo);
    checks.push({
      name: 'models',
      status: 'warn',
      detail: `no SDXL Turbo / SD Turbo under ${root}; the server runs ${demo ? `the demo model (${demo.name})` : 'the generated demo model'}`,
      fix: 'for real frames: `pnpm promptjam models fetch sdxl-turbo` (see docs/DEPLOY.md)',
    });
  }
  return checks;
}
