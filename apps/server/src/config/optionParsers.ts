/**
 * Parsers for option values that arrive as strings (CLI flags, environment variables).
 * Each one either returns a valid value or throws {@link ConfigError} saying what was expected and what came.
 */

/** A configuration value that cannot be used: carries the option, what it accepts and what it got. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** The option as the user wrote it, e.g. `--port` or `PROMPTJAM_PORT`. */
    readonly option: string,
    /** What the option accepts, in words. */
    readonly expected: string,
    /** The value that came. */
    readonly found: string,
  ) {
    super(`${option} must be ${expected}, got ${JSON.stringify(found)}`);
  }
}

/** Turns a raw string into a typed value; `source` names the flag or variable for error messages. */
export type OptionParser<T> = (raw: string, source: string) => T;

/** An integer in `[min, max]`. */
export function integerIn(min: number, max: number): OptionParser<number> {
  return (raw, source) => {
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(source, `an integer in [${min}, ${max}]`, raw);
    }
    return value;
  };
}

/** One of a fixed set of words. */
export function oneOf<const T extends string>(choices: readonly T[]): OptionParser<T> {
  return (raw, source) => {
    const value = raw.trim();
    if (!(choices as readonly string[]).includes(value)) throw new ConfigError(source, `one of ${choices.join('|')}`, raw);
    return value as T;
  };
}

/** Any non-empty string (trimmed). */
export const nonEmptyString: OptionParser<string> = (raw, source) => {
  const value = raw.trim();
  if (value === '') throw new ConfigError(source, 'a non-empty string', raw);
  return value;
};

/** A non-empty string, or `auto` / empty for "choose for me" (`undefined`). */
export const stringOrAuto: OptionParser<string | undefined> = (raw) => {
  const value = raw.trim();
  return value === '' || value === 'auto' ? undefined : value;
};

/** A `redis://` or `rediss://` URL with a host, or `off` / empty for none (`undefined`). */
export const redisUrlOrOff: OptionParser<string | undefined> = (raw, source) => {
  const value = raw.trim();
  if (value === '' || value === 'off') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    throw new ConfigError(source, 'a Redis URL (redis://HOST:PORT or rediss://…) or off', raw);
  }
  return value;
};

/** A path (trimmed), or empty for "none" (`undefined`). */
export const optionalPath: OptionParser<string | undefined> = (raw) => {
  const value = raw.trim();
  return value === '' ? undefined : value;
};
