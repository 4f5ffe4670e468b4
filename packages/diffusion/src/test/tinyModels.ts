/**
 * Test fixtures: tiny generated model folders (from @promptjam/models), written once per test file
 * into a temporary directory. Not part of the build.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyModel, type TinyModelOptions } from '@promptjam/models';

/** Which tiny folder to write (type, float dtype, whether it has a vae_encoder). */
export type TinyVariant = { type: 'sdxl' | 'sd'; dtype: 'float32' | 'float16'; withVaeEncoder?: boolean };

let root: Promise<string> | undefined;
const written = new Map<string, Promise<string>>();

/** Writes (once) and returns the folder of a tiny model variant. */
export function tinyModelDir(variant: TinyVariant): Promise<string> {
  const key = `${variant.type}-${variant.dtype}${variant.withVaeEncoder ? '-vaeenc' : ''}`;
  let dir = written.get(key);
  if (!dir) {
    root ??= mkdtemp(join(tmpdir(), 'promptjam-diffusion-'));
    dir = root.then(async (base) => {
      const path = join(base, key);
      await writeTinyModel({ dir: path, type: variant.type, dtype: variant.dtype, withVaeEncoder: variant.withVaeEncoder ?? false });
      return path;
    });
    written.set(key, dir);
  }
  return dir;
}

/** A fresh folder of a variant (with optional generator overrides), for tests that damage or vary it. */
export async function tinyModelCopy(variant: TinyVariant, overrides: Partial<Omit<TinyModelOptions, 'dir'>> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'promptjam-diffusion-copy-'));
  await writeTinyModel({ dir, type: variant.type, dtype: variant.dtype, withVaeEncoder: variant.withVaeEncoder ?? false, ...overrides });
  return dir;
}

/** JPEG files start with FF D8 FF. */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** WebP files are RIFF....WEBP. */
export function isWebp(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(bytes.subarray(8, 12)).toString('latin1') === 'WEBP';
}
