import { normalizeServerUrl, SERVER_URL_ENV } from './serverUrl';

/**
 * The room server URL from the environment at request time (not build time), so one build can be
 * pointed at any server. Null when unset: the browser then uses its page host on port 8787.
 * Throws InvalidServerUrlError for a malformed value, so a misconfiguration is seen at once.
 */
export function configuredServerUrl(): string | null {
  return normalizeServerUrl(process.env[SERVER_URL_ENV]);
}
