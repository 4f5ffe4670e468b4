import { normalizeServerUrl, parseServerPort, SERVER_PORT_ENV, SERVER_URL_ENV } from './serverUrl';

/**
 * The room server URL from the environment at request time (not build time), so one build can be
 * pointed at any server. Null when unset: the browser then uses its page host on port 8787.
 * Throws InvalidServerUrlError for a malformed value, so a misconfiguration is seen at once.
 */
export function configuredServerUrl(): string | null {
  return normalizeServerUrl(process.env[SERVER_URL_ENV]);
}

/**
 * The room server's port from the environment at request time (PROMPTJAM_PORT, which `promptjam serve`
 * reads too, so `PROMPTJAM_PORT=9000 npm start` moves both); used when no server URL is configured.
 */
export function configuredServerPort(): number {
  return parseServerPort(process.env[SERVER_PORT_ENV]);
}
