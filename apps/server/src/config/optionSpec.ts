/**
 * The shape of one setting in the server's option schema (config/serverConfig.ts). Its own module so that
 * option tables owned elsewhere (the hardening limits in security/limits.ts) can have this shape without
 * importing the schema that spreads them in.
 */
import type { OptionParser } from './optionParsers.js';

/** One setting: where it comes from and what it accepts. */
export interface OptionSpec<T> {
  /** The CLI flag without dashes, e.g. `data-dir`. */
  flag: string;
  /** The environment variable, e.g. `PROMPTJAM_DATA_DIR`. */
  env: string;
  default: T;
  /** How the default reads in help text when it is not a plain value. */
  defaultLabel?: string;
  description: string;
  /** Placeholder in help text, e.g. `ms`. */
  valueName: string;
  parse: OptionParser<T>;
}
