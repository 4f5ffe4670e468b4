import type { Check } from '../checkReport.js';
import type { DeviceChoice } from './hostChecks.js';

/** The checks that each say, on a host without a GPU, that there is none. */
const GPU_CHECKS = new Set(['provider cuda', 'provider tensorrt', 'provider webgpu', 'gpu']);

/** Where the GPU set-up lives, for the one line that replaces them. */
export const GPU_SETUP_DOC = 'docs/DEPLOY.md';

/**
 * On a host with no GPU set up at all (no NVIDIA driver, no CUDA provider libraries, no WebGPU adapter) under
 * `--device auto`, the CUDA, TensorRT, WebGPU and GPU checks would each warn at length about the same fact. This
 * says it once, short, in the `gpu` check's place, with the pointer to the set-up. Anything else is kept as it is:
 * a GPU that is visible, a provider that is installed but fails, or `--device cuda|webgpu` (which asks for the
 * details, each with its fix).
 */
export function collapseNoGpu(checks: readonly Check[], device: DeviceChoice): Check[] {
  if (device !== 'auto') return [...checks];
  const gpuChecks = checks.filter((check) => GPU_CHECKS.has(check.name));
  const gpu = gpuChecks.find((check) => check.name === 'gpu');
  const problems = gpuChecks.filter((check) => check.status !== 'ok');
  if (gpu?.noGpu === undefined || problems.some((check) => check.noGpu === undefined)) return [...checks];
  // Any provider that is ok means some GPU path works: then the rest are worth reading.
  if (problems.length !== gpuChecks.length) return [...checks];
  const reasons = [...new Set(problems.map((check) => check.noGpu!))];
  const summary: Check = {
    name: 'gpu',
    status: 'warn',
    detail: `none set up (${reasons.join('; ')}): frames render on the CPU, slowly`,
    fix: `fine for trying promptjam; for GPU frames see ${GPU_SETUP_DOC} (then \`promptjam doctor --device cuda\` or \`--device webgpu\` lists what is missing); \`--device cpu\` accepts the CPU`,
  };
  const collapsed: Check[] = [];
  for (const check of checks) {
    if (check === gpu) collapsed.push(summary);
    else if (!GPU_CHECKS.has(check.name)) collapsed.push(check);
  }
  return collapsed;
}
