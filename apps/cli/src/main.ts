#!/usr/bin/env node
/**
 * The `promptjam` CLI: `pnpm promptjam <command> [options]` from the repository root.
 * Commands print their own output on stdout and diagnostics on stderr, so
 * `pnpm -s promptjam tokenize …` can be piped.
 */
import { formatCommandHelp, parseCommandArgs, UsageError } from './command.js';
import { COMMANDS } from './commands/index.js';

function formatMainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: promptjam <command> [options]',
    '',
    'Real-time collaborative image generation with SDXL Turbo.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `promptjam <command> --help` for a command\'s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${formatMainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`promptjam: unknown command '${name}'\n\n${formatMainHelp()}\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.help) {
      process.stdout.write(`${formatCommandHelp(command)}\n`);
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`promptjam ${command.name}: ${error.message}\n\n${formatCommandHelp(command)}\n`);
      return 2;
    }
    process.stderr.write(`promptjam ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`promptjam: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
