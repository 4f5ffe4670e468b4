/**
 * Text rendering of the engine's {@link ModelReport} for `promptjam models inspect`: each component's tensors,
 * then the settings the pipeline derives from the folder.
 */
import { relative } from 'node:path';
import type { ModelReport, TensorSpec } from '@promptjam/diffusion';
import { formatBytes } from './formatBytes.js';

function tensorLine(spec: TensorSpec): string {
  return `    ${spec.name.padEnd(24)} ${spec.type.padEnd(8)} [${spec.shape.join(', ')}]`;
}

/** Groups `hidden_states.0 … hidden_states.32` into one line so the encoders' 13/33 outputs stay readable. */
function compactOutputs(specs: readonly TensorSpec[]): string[] {
  const hidden = specs.filter((s) => /^hidden_states\.\d+$/.test(s.name));
  const rest = specs.filter((s) => !hidden.includes(s));
  const lines = rest.map(tensorLine);
  if (hidden.length > 0) {
    const first = hidden[0]!;
    lines.push(`    hidden_states.0..${hidden.length - 1}`.padEnd(28) + ` ${first.type.padEnd(8)} [${first.shape.join(', ')}] (${hidden.length} tensors)`);
  }
  return lines;
}

/** Multi-line report: components with inputs/outputs, then derived pipeline settings. */
export function formatModelReport(report: ModelReport): string {
  const lines = [`${report.name}  (${report.dir})`, ''];
  for (const [name, component] of Object.entries(report.components)) {
    if (!component) continue;
    const size = formatBytes(component.bytes + (component.externalDataBytes ?? 0));
    lines.push(`${name}  ${relative(report.dir, component.path)}, ${size}`);
    lines.push('  inputs:', ...component.inputs.map(tensorLine));
    lines.push('  outputs:', ...compactOutputs(component.outputs), '');
  }
  const s = report.scheduler;
  lines.push(
    'pipeline settings',
    `  model type         ${report.modelType} (${report.pipelineClass})${report.demo ? ', demo model' : ''}`,
    `  float type         ${report.floatType ?? 'unknown (tensors do not fit the pipeline)'}`,
    ...report.tokenizers.map(
      (t, i) => `  tokenizer ${i + 1}        ${relative(report.dir, t.dir)}: pad ${JSON.stringify(t.padToken)} (id ${t.padId}), max length ${t.maxLength}`,
    ),
    `  scheduler          ${s.className}: ${s.timestepSpacing} spacing, ${s.predictionType}, ${s.betaSchedule} betas ${s.betaStart}..${s.betaEnd}, ${s.numTrainTimesteps} train steps, offset ${s.stepsOffset}`,
    `  vae scaling factor ${report.vaeScalingFactor}`,
    `  img2img            ${report.img2img ? 'yes (vae_encoder present)' : 'no (no vae_encoder)'}`,
  );
  if (report.signatureError !== undefined) lines.push('', `PROBLEM: ${report.signatureError}`);
  return lines.join('\n');
}

