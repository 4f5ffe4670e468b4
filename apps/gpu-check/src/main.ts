/**
 * `pnpm gpu-check:pack [--out DIR] --diffusers GIT_DIR [--tokenizer DIR] [--no-debs]`: packs the GPU-check bundle
 * (see packBundle.ts). Copy the folder to the GPU host and run `bash run.sh` there.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packBundle, PackError } from './packBundle.js';

const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(repoDir, '.gpu-check') },
    diffusers: { type: 'string' },
    tokenizer: { type: 'string', default: join(repoDir, '..', 'shared', 'data', 'clip-tokenizer') },
    'no-debs': { type: 'boolean', default: false },
  },
});

if (values.diffusers === undefined) {
  process.stderr.write('--diffusers GIT_DIR is required: a checkout (or bare clone) of https://github.com/huggingface/diffusers\n');
  process.exit(2);
}
try {
  const manifest = await packBundle({
    repoDir,
    outDir: resolve(values.out),
    diffusersGit: resolve(values.diffusers),
    tokenizerDir: resolve(values.tokenizer),
    withDebs: !values['no-debs'],
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  process.stdout.write(`bundle ready: ${resolve(values.out)} (${manifest.files.length} files, ${(bytes / 1e6).toFixed(1)} MB); on the GPU host: bash run.sh\n`);
} catch (error) {
  process.stderr.write(`gpu-check pack: ${error instanceof PackError ? error.message : String((error as Error).stack ?? error)}\n`);
  process.exit(1);
}
