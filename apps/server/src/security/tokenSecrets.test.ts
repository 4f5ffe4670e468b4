import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeakSecretError } from './capabilityToken.js';
import { DataFileError } from './DataFileError.js';
import { SECRET_FILE_NAME, loadTokenKeyring } from './tokenSecrets.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'promptjam-secret-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadTokenKeyring', () => {
  it('uses PROMPTJAM_SECRET, with comma-separated secrets for rotation', async () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(40);
    const { keyring, source } = await loadTokenKeyring({ env: { PROMPTJAM_SECRET: `${b}, ${a}` }, dataDir: dir });
    expect(source).toBe('env');
    expect(keyring.secrets.map((s) => s.toString())).toEqual([b, a]);
    await expect(stat(join(dir, SECRET_FILE_NAME))).rejects.toThrow();
  });

  it('refuses a short PROMPTJAM_SECRET', async () => {
    await expect(loadTokenKeyring({ env: { PROMPTJAM_SECRET: 'short' } })).rejects.toThrow(WeakSecretError);
  });

  it('creates a private secret file once, and links survive a restart', async () => {
    const first = await loadTokenKeyring({ dataDir: join(dir, 'data') });
    expect(first.source).toBe('file-created');
    const mode = (await stat(join(dir, 'data', SECRET_FILE_NAME))).mode & 0o777;
    expect(mode).toBe(0o600);
    const token = first.keyring.sign('jam', 'editor', 3600);
    const second = await loadTokenKeyring({ dataDir: join(dir, 'data') });
    expect(second.source).toBe('file');
    expect(second.keyring.verify(token, 'jam').status).toBe('valid');
  });

  it('reports a corrupt secret file instead of replacing it', async () => {
    await writeFile(join(dir, SECRET_FILE_NAME), 'too short\n');
    await expect(loadTokenKeyring({ dataDir: dir })).rejects.toThrow(DataFileError);
    expect(await readFile(join(dir, SECRET_FILE_NAME), 'utf8')).toBe('too short\n');
  });

  it('falls back to an ephemeral secret without a data dir', async () => {
    const a = await loadTokenKeyring({});
    const b = await loadTokenKeyring({});
    expect(a.source).toBe('ephemeral');
    expect(b.keyring.verify(a.keyring.sign('jam', 'viewer', 60), 'jam').status).toBe('forged');
  });
});
