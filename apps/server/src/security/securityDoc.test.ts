import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOSE_ADVICE, CloseCode, type RetryPolicy } from '@promptjam/protocol';
import { describe, expect, it } from 'vitest';
import { LIMIT_OPTIONS } from '../config/serverConfig.js';
import { TRUST_PROXY_ENV } from './clientAddress.js';
import { ALLOWED_ORIGINS_ENV, ALLOW_MISSING_ORIGIN_ENV, ALLOW_SAME_HOST_ORIGIN_ENV } from './originPolicy.js';
import { SECRET_ENV } from './tokenSecrets.js';

const docsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docs');
const doc = readFileSync(resolve(docsDir, 'SECURITY.md'), 'utf8');
const protocolDoc = readFileSync(resolve(docsDir, 'PROTOCOL.md'), 'utf8');

/** The table row of docs/SECURITY.md that documents `key`. */
function rowOf(key: string): string {
  const row = doc.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
  if (!row) throw new Error(`docs/SECURITY.md has no limits row for ${key}`);
  return row;
}

function formatDefault(value: number, unit: string): string {
  if (unit !== 'bytes' && unit !== 'bytes/s') return String(value);
  if (value >= 1024 * 1024 && value % (1024 * 1024) === 0) return `${value / (1024 * 1024)} MiB`;
  if (value >= 1024 && value % 1024 === 0) return `${value / 1024} KiB`;
  return String(value);
}

/** How the docs' tables write a retry policy: `final`, `backoff` or `after 30 s`. */
function retryText(retry: RetryPolicy): string {
  return retry.kind === 'after' ? `after ${retry.seconds} s` : retry.kind;
}

describe('docs/SECURITY.md', () => {
  it('documents every limit with its flag, environment variable and default', () => {
    for (const [key, spec] of Object.entries(LIMIT_OPTIONS)) {
      const row = rowOf(key);
      expect(row, key).toContain(`\`--${spec.flag}\``);
      expect(row, key).toContain(`\`${spec.env}\``);
      expect(row.split('|')[2], key).toContain(formatDefault(spec.default, spec.valueName));
    }
  });

  it('documents every close code with what the page shows and its retry policy, as PROTOCOL.md does', () => {
    for (const [file, text] of [['SECURITY.md', doc], ['PROTOCOL.md', protocolDoc]] as const) {
      for (const [name, code] of Object.entries(CloseCode)) {
        const row = text.split('\n').find((line) => line.startsWith(`| ${code} | ${name} |`));
        expect(row, `${file} ${name}`).toBeDefined();
        const advice = CLOSE_ADVICE[code];
        expect(row, `${file} ${name}`).toContain(`| ${advice.message} | ${retryText(advice.retry)} |`);
      }
    }
  });

  it('documents every security setting', () => {
    for (const env of [SECRET_ENV, ALLOWED_ORIGINS_ENV, ALLOW_SAME_HOST_ORIGIN_ENV, ALLOW_MISSING_ORIGIN_ENV, TRUST_PROXY_ENV]) expect(doc).toContain(env);
  });
});
