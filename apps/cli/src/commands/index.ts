import type { Command } from '../command.js';
import { benchCommand } from './bench.js';
import { doctorCommand } from './doctor.js';
import { generateCommand } from './generate.js';
import { modelsCommand } from './models.js';
import { serveCommand } from './serve.js';
import { tokenizeCommand } from './tokenize.js';

/**
 * Every `promptjam` command, in the order `promptjam --help` lists them.
 * Add a command by writing `commands/<name>.ts` and listing it here.
 */
export const COMMANDS: readonly Command[] = [serveCommand, generateCommand, tokenizeCommand, modelsCommand, doctorCommand, benchCommand];
