/**
 * Where the token secrets come from. `PROMPTJAM_SECRET` (one secret, or several comma-separated, newest
 * first, for rotation) wins; otherwise a random secret is generated once and kept in `<dataDir>/token-secret`
 * (mode 0600) so links keep working across restarts. A secret file that exists but is unusable is an error,
 * never silently replaced: replacing it would invalidate every link handed out.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIN_SECRET_BYTES, TokenKeyring, WeakSecretError } from './capabilityToken.js';
import { DataFileError } from './DataFileError.js';

/** Environment variable holding the token secret(s). */
export const SECRET_ENV = 'PROMPTJAM_SECRET';
/** File name of the generated secret inside the data dir. */
export const SECRET_FILE_NAME = 'token-secret';

/** Where a keyring came from, for the startup log. */
export type SecretSource = 'env' | 'file-created' | 'file' | 'ephemeral';


/**
 * Loads the keyring: from `env[PROMPTJAM_SECRET]`, else from (or newly into) `dataDir`, else a random
 * secret that lives as long as the process (links then die with it; the caller should warn).
 */
export async function loadTokenKeyring(options: {
  env?: Readonly<Record<string, string | undefined>>;
  dataDir?: string;
}): Promise<{ keyring: TokenKeyring; source: SecretSource }> {
  const fromEnv = options.env?.[SECRET_ENV]?.trim();
  if (fromEnv) {
    const secrets = fromEnv.split(',').map((s) => Buffer.from(s.trim(), 'utf8'));
    const weak = secrets.find((s) => s.length < MIN_SECRET_BYTES);
    if (weak) throw new WeakSecretError(weak.length);
    return { keyring: new TokenKeyring(secrets), source: 'env' };
  }
  if (options.dataDir === undefined) return { keyring: new TokenKeyring([randomBytes(MIN_SECRET_BYTES)]), source: 'ephemeral' };

  const path = join(options.dataDir, SECRET_FILE_NAME);
  await mkdir(options.dataDir, { recursive: true });
  const created = randomBytes(MIN_SECRET_BYTES).toString('base64url');
  let source: SecretSource = 'file-created';
  try {
    // 'wx' fails if the file exists, so two servers starting at once agree on one secret.
    await writeFile(path, `${created}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    source = 'file';
  }
  const text = (await readFile(path, 'utf8')).trim();
  const secret = Buffer.from(text, 'base64url');
  if (!/^[A-Za-z0-9_-]+$/.test(text) || secret.length < MIN_SECRET_BYTES) {
    throw new DataFileError(path, `base64url text of at least ${MIN_SECRET_BYTES} bytes`, `${text.length} characters`, 'fix or delete it (deleting invalidates every private-room link)');
  }
  return { keyring: new TokenKeyring([secret]), source };
}
