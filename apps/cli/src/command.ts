import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Options of one command, in node:util `parseArgs` form, each with its help text. */
export type CommandOptions = Record<
  string,
  NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string }
>;

/** One `promptjam <name>` command. Each lives in its own file under `commands/`. */
export interface Command {
  name: string;
  /** One line for `promptjam --help`. */
  summary: string;
  /** Usage line after `promptjam <name>`, e.g. `[options] <text>`. */
  usage: string;
  options: CommandOptions;
  /** Runs the command with its parsed arguments; resolves to the process exit code. */
  run(args: ParsedCommandArgs): Promise<number>;
}

export interface ParsedCommandArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** A usage error: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Formats `promptjam <command> --help`. */
export function formatCommandHelp(command: Command): string {
  const lines = [`Usage: promptjam ${command.name} ${command.usage}`, '', command.summary, '', 'Options:'];
  const helpOption: CommandOptions[string] = { type: 'boolean', short: 'h', description: 'Show this help' };
  const entries = Object.entries({ ...command.options, help: helpOption });
  const labels = entries.map(([name, option]) => {
    const short = option.short ? `-${option.short}, ` : '    ';
    const value = option.type === 'string' ? ` <${option.valueName ?? 'value'}>` : '';
    return `  ${short}--${name}${value}`;
  });
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  entries.forEach(([, option], i) => {
    const fallback = option.default !== undefined ? ` (default: ${String(option.default)})` : '';
    lines.push(`${labels[i]!.padEnd(width)}${option.description}${fallback}`);
  });
  return lines.join('\n');
}

/** Parses argv for a command; throws {@link UsageError} on unknown or malformed options. */
export function parseCommandArgs(command: Command, argv: string[]): ParsedCommandArgs & { help: boolean } {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, { description: _d, valueName: _v, ...option }]) => [name, option]),
  );
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    const { help, ...rest } = values as Record<string, unknown>;
    return { values: rest as ParsedCommandArgs['values'], positionals, help: help === true };
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
}
