import { createInterface } from 'node:readline';
import type { ClipTokenizer } from '@promptjam/diffusion';
import { UsageError, type Command } from '../command.js';

async function openTokenizer(values: Record<string, unknown>): Promise<ClipTokenizer> {
  // Imported on use so other commands do not load onnxruntime and sharp.
  const { loadModelFolder, loadTokenizer } = await import('@promptjam/diffusion');
  const tokenizerDir = values.tokenizer as string | undefined;
  const modelDir = values.model as string | undefined;
  const encoder = values.encoder as string;
  if (encoder !== '1' && encoder !== '2') throw new UsageError(`--encoder must be 1 or 2, got '${encoder}'`);
  if (tokenizerDir !== undefined && modelDir !== undefined) throw new UsageError('give --model or --tokenizer, not both');
  if (tokenizerDir !== undefined) return loadTokenizer(tokenizerDir);
  if (modelDir === undefined) throw new UsageError('--model DIR or --tokenizer DIR is required');
  const folder = await loadModelFolder(modelDir);
  const dir = folder.tokenizerDirs[Number(encoder) - 1];
  if (dir === undefined) throw new UsageError(`--encoder 2 needs an SDXL model; ${folder.dir} is ${folder.type}`);
  return loadTokenizer(dir);
}

/**
 * Reads one JSON string per line from `input` and writes one JSON array of ids per line to `write`;
 * blank lines are skipped. Resolves to the exit code (1 at the first line that is not a JSON string).
 */
export async function tokenizeLines(tokenizer: ClipTokenizer, input: NodeJS.ReadableStream, write: (text: string) => void): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let out = '';
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let text: unknown;
    try {
      text = JSON.parse(line);
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string') {
      write(out);
      process.stderr.write(`promptjam tokenize: stdin line ${lineNumber}: expected a JSON string, found ${line.slice(0, 80)}\n`);
      return 1;
    }
    out += `${JSON.stringify(Array.from(tokenizer.encode(text)))}\n`;
    // Flush in chunks: one write per line would dominate for large inputs.
    if (out.length > 1 << 16) {
      write(out);
      out = '';
    }
  }
  write(out);
  return 0;
}

/** `promptjam tokenize`: CLIP token ids (77, padded with the tokenizer's own pad token) as JSON. */
export const tokenizeCommand: Command = {
  name: 'tokenize',
  summary: 'Print the 77 CLIP token ids of a prompt as a JSON array',
  usage: '(--model DIR [--encoder 1|2] | --tokenizer DIR) (<text> | --stdin)',
  options: {
    model: { type: 'string', valueName: 'dir', description: 'Model folder (uses its tokenizer/ or tokenizer_2/)' },
    encoder: { type: 'string', default: '1', valueName: '1|2', description: 'Which tokenizer of an SDXL model' },
    tokenizer: { type: 'string', valueName: 'dir', description: 'A bare tokenizer folder (vocab.json + merges.txt [+ tokenizer_config.json])' },
    stdin: { type: 'boolean', description: 'Read one JSON string per line; print one JSON array per line' },
  },
  async run({ values, positionals }) {
    if (values.stdin === true && positionals.length > 0) throw new UsageError('give <text> or --stdin, not both');
    if (values.stdin !== true && positionals.length !== 1) throw new UsageError('expected exactly one <text> argument (quote it) or --stdin');
    const tokenizer = await openTokenizer(values);
    if (values.stdin === true) return tokenizeLines(tokenizer, process.stdin, (text) => process.stdout.write(text));
    process.stdout.write(`${JSON.stringify(Array.from(tokenizer.encode(positionals[0]!)))}\n`);
    return 0;
  },
};
