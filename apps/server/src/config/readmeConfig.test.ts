/**
 * The README's configuration table is the user's map of every setting: it must list each server option
 * with its flag, environment variable and default, exactly as the option schema has them.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allOptionSpecs } from './serverConfig.js';

const readme = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../../README.md'), 'utf8');

describe('README configuration table', () => {
  it.each(allOptionSpecs().map((spec) => [spec.flag, spec] as const))('documents --%s', (_flag, spec) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`--${spec.flag}\` |`));
    expect(row, `README.md has no row for --${spec.flag}`).toBeDefined();
    const cells = row!.split(' | ');
    expect(cells[1]).toBe(`\`${spec.env}\``);
    const documented = spec.defaultLabel ?? (Array.isArray(spec.default) ? spec.default.join(', ') : String(spec.default));
    expect(cells[2]).toBe(documented);
  });
});
