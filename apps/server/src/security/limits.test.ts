import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/optionParsers.js';
import { DEFAULT_LIMITS, LIMIT_NAMES, LIMIT_SPECS, checkLimitRules } from './limits.js';

describe('limits table', () => {
  it('every default lies in its range and parses back to itself', () => {
    for (const name of LIMIT_NAMES) {
      const spec = LIMIT_SPECS[name];
      expect(spec.default, name).toBeGreaterThanOrEqual(spec.min);
      expect(spec.default, name).toBeLessThanOrEqual(spec.max);
      expect(spec.parse(String(spec.default), spec.env)).toBe(spec.default);
      expect(DEFAULT_LIMITS[name]).toBe(spec.default);
    }
  });

  it('env and flag names follow one pattern and are unique', () => {
    const envs = LIMIT_NAMES.map((n) => LIMIT_SPECS[n].env);
    const flags = LIMIT_NAMES.map((n) => LIMIT_SPECS[n].flag);
    expect(new Set(envs).size).toBe(envs.length);
    expect(new Set(flags).size).toBe(flags.length);
    for (const name of LIMIT_NAMES) {
      const { env, flag } = LIMIT_SPECS[name];
      expect(env).toBe(`PROMPTJAM_${flag.toUpperCase().replaceAll('-', '_')}`);
      expect(flag).toMatch(/^[a-z][a-z0-9-]+$/);
    }
  });

  it('parsers name the variable and refuse out-of-range values', () => {
    const spec = LIMIT_SPECS.maxPromptChars;
    expect(() => spec.parse('0', spec.env)).toThrow(ConfigError);
    expect(() => spec.parse('12abc', spec.env)).toThrow(/PROMPTJAM_MAX_PROMPT_CHARS/);
    expect(spec.parse('500', spec.env)).toBe(500);
  });

  it('a byte bucket and a document must hold at least one maximal message', () => {
    expect(() => checkLimitRules({ ...DEFAULT_LIMITS, maxMessageBytes: 256 * 1024 })).not.toThrow();
    expect(() => checkLimitRules({ ...DEFAULT_LIMITS, maxMessageBytes: DEFAULT_LIMITS.byteBurst + 1 })).toThrow(/byte-burst/);
    expect(() => checkLimitRules({ ...DEFAULT_LIMITS, byteBurst: 64 * 1024 * 1024, maxMessageBytes: DEFAULT_LIMITS.maxDocumentBytes + 1 })).toThrow(/max-document-bytes/);
  });
});
