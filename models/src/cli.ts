#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEMO_MODEL_DIR, writeDemoModel } from './demoModel.js';
import { TinyModelOptionError, type TinyModelOptions } from './modelSpec.js';
import { writeTinyModel } from './writeTinyModel.js';

const USAGE = `usage:
  node models/dist/cli.js demo [--out DIR]
      write the demo model (tiny SDXL, float32, with vae_encoder) to DIR (default ${DEMO_MODEL_DIR})
  node models/dist/cli.js write --type sdxl|sd --dtype float32|float16 --out DIR
      [--cost-scale N] [--with-vae-encoder] [--demo] [--name TEXT]
      [--ids-type int32|int64] [--timestep-type float32|float16|int64] [--timestep-shape scalar|one|batch]
      [--vae-encoder-output latent_sample|latent_parameters]
      write one tiny model folder (N: extra 64-channel conv blocks in the UNet, default 0)`;

/** Parses argv (without node and script) into a command; exported for tests. */
export function parseCli(argv: string[]): { command: 'demo'; out: string } | { command: 'write'; options: TinyModelOptions } {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      type: { type: 'string' },
      dtype: { type: 'string' },
      'cost-scale': { type: 'string' },
      'with-vae-encoder': { type: 'boolean' },
      demo: { type: 'boolean' },
      name: { type: 'string' },
      'ids-type': { type: 'string' },
      'timestep-type': { type: 'string' },
      'timestep-shape': { type: 'string' },
      'vae-encoder-output': { type: 'string' },
    },
  });
  const [command] = positionals;
  if (command === 'demo') return { command, out: values.out ?? DEMO_MODEL_DIR };
  if (command !== 'write') throw new TinyModelOptionError('command', 'demo or write', command ?? '');
  if (values.out === undefined) throw new TinyModelOptionError('--out', 'a folder path', undefined);
  const costScale = values['cost-scale'] === undefined ? undefined : Number(values['cost-scale']);
  const options: TinyModelOptions = {
    dir: values.out,
    type: values.type as TinyModelOptions['type'],
    dtype: values.dtype as TinyModelOptions['dtype'],
    costScale,
    withVaeEncoder: values['with-vae-encoder'] ?? false,
    demo: values.demo ?? false,
    displayName: values.name,
    inputIdsType: values['ids-type'] as TinyModelOptions['inputIdsType'],
    timestepType: values['timestep-type'] as TinyModelOptions['timestepType'],
    timestepShape: values['timestep-shape'] as TinyModelOptions['timestepShape'],
    vaeEncoderOutput: values['vae-encoder-output'] as TinyModelOptions['vaeEncoderOutput'],
  };
  return { command, options };
}

async function main(): Promise<void> {
  const parsed = parseCli(process.argv.slice(2));
  if (parsed.command === 'demo') {
    await writeDemoModel(parsed.out);
    console.log(`wrote demo model to ${parsed.out}`);
    return;
  }
  const spec = await writeTinyModel(parsed.options);
  console.log(
    `wrote tiny ${spec.type} ${spec.dtype} (input_ids ${spec.inputIdsType}, timestep ${spec.timestepType} ` +
      `${spec.timestepShape}, costScale ${spec.costScale}) to ${parsed.options.dir}`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    process.exitCode = 1;
  });
}
