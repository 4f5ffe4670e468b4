import { Redis, type RedisOptions } from 'ioredis';

/** Longest a command may go unanswered before it fails (a hung Redis must not hold edits back forever), ms. */
export const COMMAND_TIMEOUT_MS = 2_000;
/** Longest wait between reconnection attempts, ms. */
const MAX_RECONNECT_DELAY_MS = 1_000;
/** Longest the first connection may take before the member refuses to start, ms. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Redis could not be reached when the member started. */
export class ClusterConnectError extends Error {
  override name = 'ClusterConnectError';
}

/**
 * Options every cluster connection shares: commands fail at once while disconnected (no offline queue; a room
 * then keeps editing locally) or after {@link COMMAND_TIMEOUT_MS}; reconnection is retried forever, backing off to
 * one second.
 */
export function clusterRedisOptions(connectionName: string, overrides: Partial<RedisOptions> = {}): RedisOptions {
  return {
    lazyConnect: true,
    connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
    ...overrides,
  };
}

/** Opens a connection to `url`; throws {@link ClusterConnectError} naming the URL when Redis does not answer. */
export async function connectRedis(url: string, options: RedisOptions): Promise<Redis> {
  const redis = new Redis(url, options);
  // Errors surface through commands and the member's health; unhandled 'error' events would only be noise.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    redis.disconnect();
    throw new ClusterConnectError(`cannot reach the cluster's Redis at ${redactUrl(url)}: ${(cause as Error).message}`, { cause });
  }
  return redis;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
