import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { TinyModelOptions } from '../modelSpec.js';
import { writeTinyModel } from '../writeTinyModel.js';

/** A fresh temporary folder for one test; remove it with `removeTempDir`. */
export async function makeTempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `promptjam-models-${label}-`));
}

/** Removes a folder made by `makeTempDir`. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes a tiny model into a new temporary folder and returns the folder. */
export async function writeTempModel(options: Omit<TinyModelOptions, 'dir'>): Promise<string> {
  const dir = await makeTempDir(`${options.type}-${options.dtype}`);
  await writeTinyModel({ ...options, dir });
  return dir;
}

/** Opens one component's session. */
export async function openSession(dir: string, folder: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(join(dir, folder, 'model.onnx'));
}

/** The tensor metadata of a session's inputs or outputs as [name, type, shape] rows, for compact assertions. */
export function metadataRows(values: readonly ort.InferenceSession.ValueMetadata[]): [string, string, (number | string)[]][] {
  return values.map((value) => {
    if (!value.isTensor) throw new Error(`${value.name} is not a tensor`);
    return [value.name, value.type, [...value.shape]];
  });
}
