/**
 * Test fixtures: the real-exporter folders in ../shared/data/real-exports (diffusers/transformers classes at tiny
 * widths, exported by torch.onnx with Olive's tensor names; see the README there), and copies of them edited into
 * the other conventions exporters in use produce (Optimum's rank-0 `timestep`, `latent_parameters`, int64
 * `input_ids`). The edits go through onnx.proto (byte-exact decode/encode from @promptjam/models) and only rename,
 * retype and add adapter nodes, so an edited folder must compute exactly what the original does.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeModelExact, encodeModelExact, OnnxDataType, type EditableModel, type EditableNode } from '@promptjam/models';

/** ../shared/data/real-exports beside the repository (the same in a fresh clone with ../shared beside it). */
export const REAL_EXPORTS_DIR = resolve(import.meta.dirname, '../../../../../shared/data/real-exports');

/** The folders there: SDXL-Turbo fp32 and fp16, SD-Turbo fp32. */
export const REAL_EXPORT_FOLDERS = ['sdxl-tiny-real-fp32', 'sdxl-tiny-real-fp16', 'sd-tiny-real-fp32'] as const;

/** An Optimum convention to edit a real export into. */
export type OptimumEdit = 'scalar-timestep' | 'latent-parameters' | 'int64-input-ids';

async function editModel(path: string, edit: (model: EditableModel) => void): Promise<void> {
  const model = decodeModelExact(await readFile(path));
  edit(model);
  await writeFile(path, encodeModelExact(model));
}

/** Renames every use of `from` as a node input to `to`. */
function rewireInputs(nodes: EditableNode[], from: string, to: string): void {
  for (const node of nodes) node.input = node.input.map((name) => (name === from ? to : name));
}

function graphInput(model: EditableModel, name: string) {
  const input = model.graph.input.find((i) => i.name === name);
  if (!input) throw new Error(`the export has no input '${name}'`);
  return input;
}

/** UNet `timestep` [B] -> a scalar []: the graph gets `Unsqueeze(timestep, axes [0])` where it read the vector. */
function scalarTimestep(model: EditableModel): void {
  const input = graphInput(model, 'timestep');
  input.type.tensor_type.shape = { dim: [] };
  rewireInputs(model.graph.node, 'timestep', 'timestep_as_vector');
  model.graph.initializer.push({ name: 'timestep_unsqueeze_axes', data_type: OnnxDataType.int64, dims: ['1'], int64_data: ['0'] });
  model.graph.node.unshift({ name: 'optimum_scalar_timestep', op_type: 'Unsqueeze', input: ['timestep', 'timestep_unsqueeze_axes'], output: ['timestep_as_vector'] });
}

/** VAE encoder output `latent_sample` -> `latent_parameters` [B, 8, h, w]: mean then log-variance on channels (here the mean twice). */
function latentParameters(model: EditableModel): void {
  const output = model.graph.output.find((o) => o.name === 'latent_sample');
  if (!output) throw new Error("the export has no output 'latent_sample'");
  output.name = 'latent_parameters';
  const dims = output.type.tensor_type.shape?.dim;
  if (dims?.[1]) dims[1] = { dim_param: 'latent_parameters_channels' };
  model.graph.node.push({ name: 'optimum_latent_parameters', op_type: 'Concat', input: ['latent_sample', 'latent_sample'], output: ['latent_parameters'], attribute: [{ name: 'axis', type: 2, i: '1' }] });
}

/** Text encoder `input_ids` int32 -> int64, cast back to int32 inside. */
function int64InputIds(model: EditableModel): void {
  const input = graphInput(model, 'input_ids');
  if (input.type.tensor_type.elem_type === OnnxDataType.int64) throw new Error('input_ids is int64 already');
  input.type.tensor_type.elem_type = OnnxDataType.int64;
  rewireInputs(model.graph.node, 'input_ids', 'input_ids_int32');
  model.graph.node.unshift({ name: 'optimum_int64_ids', op_type: 'Cast', input: ['input_ids'], output: ['input_ids_int32'], attribute: [{ name: 'to', type: 2, i: String(OnnxDataType.int32) }] });
}

const EDITS: Record<OptimumEdit, { component: string; apply: (model: EditableModel) => void }> = {
  'scalar-timestep': { component: 'unet', apply: scalarTimestep },
  'latent-parameters': { component: 'vae_encoder', apply: latentParameters },
  'int64-input-ids': { component: 'text_encoder', apply: int64InputIds },
};

/** A fresh copy of a real-export folder with `edits` applied to copies of its ONNX files. */
export async function editedRealExport(folder: (typeof REAL_EXPORT_FOLDERS)[number], edits: readonly OptimumEdit[]): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'promptjam-real-export-')), folder);
  await cp(join(REAL_EXPORTS_DIR, folder), dir, { recursive: true });
  for (const name of edits) await editModel(join(dir, EDITS[name].component, 'model.onnx'), EDITS[name].apply);
  return dir;
}
