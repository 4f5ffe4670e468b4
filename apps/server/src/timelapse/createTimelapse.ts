import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConfig } from '../config/serverConfig.js';
import type { ServerLogger } from '../log/createLogger.js';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';
import type { SecurityLayer } from '../security/securityLayer.js';
import type { TimelapseStorage } from '../store/TimelapseStorage.js';
import { TimelapseExporter } from './TimelapseExporter.js';
import { TimelapseRecorder } from './TimelapseRecorder.js';
import { createTimelapseHandler } from './timelapseRoute.js';

/** Exports that may wait for a turn beyond `--timelapse-exports`; more are answered 503. */
export const MAX_WAITING_EXPORTS = 4;

/** The server's timelapse: the recorder rooms hand frames to (absent without a store for it) and its HTTP route. */
export interface ServerTimelapse {
  recorder: TimelapseRecorder | undefined;
  handleHttp(request: IncomingMessage, response: ServerResponse): boolean;
}

/** What {@link createTimelapse} puts together. */
export interface TimelapseParts {
  config: ServerConfig;
  /** The embedded store; undefined on a cluster member, which keeps no history. */
  storage: TimelapseStorage | undefined;
  metrics: ServerMetrics;
  logger: ServerLogger;
  /** The loaded rooms, once the server has them (a loaded room exists even before anything of it is stored). */
  rooms(): { get(roomId: string): unknown } | undefined;
  /** Private-room tokens and allowed origins; without it every room is readable from every origin. */
  security: Pick<SecurityLayer, 'authorizeRead' | 'allowOrigin'> | undefined;
}

/** Builds the server's timelapse from its configuration (docs/ARCHITECTURE.md, timelapse). */
export function createTimelapse({ config, storage, metrics, logger, rooms, security }: TimelapseParts): ServerTimelapse {
  const recorder = storage && new TimelapseRecorder({
    storage,
    limits: { maxFrames: config.timelapseFrames, maxBytes: config.timelapseBytes },
    thumbnailPx: config.timelapseThumbnailPx,
    logger,
    onError: () => metrics.countError('timelapse'),
  });
  const exporter = new TimelapseExporter({
    maxRunning: config.timelapseExports,
    maxWaiting: MAX_WAITING_EXPORTS,
    thumbnails: (roomId, entries) => storage!.readTimelapseThumbnails(roomId, entries),
  });
  const handleHttp = createTimelapseHandler({
    recorder,
    exporter,
    roomKnown: async (roomId) => rooms()?.get(roomId) !== undefined || (storage !== undefined && (await storage.hasRoom(roomId))),
    authorize: security?.authorizeRead,
    allowOrigin: security?.allowOrigin,
    logger,
  });
  return { recorder, handleHttp };
}
