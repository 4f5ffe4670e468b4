/**
 * Reads the layer's configuration that is not a limit: the token secret (env or data dir), the private-room
 * list (data dir), the origin policy (env or flag) and whether to trust a reverse proxy (env).
 */
import { ConfigError } from '../config/optionParsers.js';
import { TRUST_PROXY_ENV } from './clientAddress.js';
import { FileRoomAccessStore } from './FileRoomAccessStore.js';
import { checkLimitRules, type Limits, type MessageSizeLimit } from './limits.js';
import { resolveOriginPolicy } from './originPolicy.js';
import type { SecurityOptions } from './securityLayer.js';
import { loadTokenKeyring, type SecretSource } from './tokenSecrets.js';

/** Loads every security setting for a server whose data lives in `dataDir`. */
export async function loadSecurityOptions(input: {
  dataDir: string;
  limits: Limits & MessageSizeLimit;
  env?: Readonly<Record<string, string | undefined>>;
  /** The `--allowed-origins` flag value, which wins over the environment. */
  allowedOrigins?: string;
}): Promise<SecurityOptions & { secretSource: SecretSource }> {
  const env = input.env ?? {};
  checkLimitRules(input.limits);
  const { keyring, source } = await loadTokenKeyring({ env, dataDir: input.dataDir });
  return {
    limits: input.limits,
    keyring,
    secretSource: source,
    access: await FileRoomAccessStore.open(input.dataDir),
    origins: resolveOriginPolicy(env, input.allowedOrigins),
    trustProxy: readTrustProxy(env),
  };
}

function readTrustProxy(env: Readonly<Record<string, string | undefined>>): boolean {
  const raw = env[TRUST_PROXY_ENV]?.trim().toLowerCase();
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new ConfigError(TRUST_PROXY_ENV, 'true or false', raw);
}
