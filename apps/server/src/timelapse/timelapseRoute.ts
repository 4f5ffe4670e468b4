/**
 * The timelapse endpoints (docs/PROTOCOL.md, HTTP endpoints):
 *
 *   GET /rooms/<id>/timelapse.webp | .gif  → 200 the animated image (attachment), 304 when the ETag matches
 *   GET /rooms/<id>/timelapse.json         → 200 `TimelapseManifest` (an empty history is `frames: []`)
 *
 * Answers: 400 bad room name · 401 private room without a usable token · 403 forged token, token of another
 * room, or a page on an origin not allowed · 404 unknown room, or (images) no frame kept yet · 405 not GET ·
 * 501 a cluster member (no history kept) · 503 too many exports at once (`Retry-After`) · 500 unreadable history.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonicalRoomId, ROOM_PATH_SEGMENT_PATTERN, TIMELAPSE_FRAME_DELAY_MS, type TimelapseFormat, type TimelapseManifest } from '@promptjam/protocol';
import type { ServerLogger } from '../log/createLogger.js';
import type { ReadVerdict } from '../security/roomReadAccess.js';
import { ANIMATED_MIME } from './encodeTimelapse.js';
import { timelapseEtag, type TimelapseExporter } from './TimelapseExporter.js';
import type { TimelapseEntry } from './TimelapseHistory.js';
import type { TimelapseRecorder } from './TimelapseRecorder.js';

/** Seconds a client refused for a busy exporter is asked to wait. */
export const EXPORT_RETRY_AFTER_SECONDS = 5;

/** What the route needs. */
export interface TimelapseRouteDeps {
  /** Absent on a cluster member: every request is answered 501. */
  recorder: TimelapseRecorder | undefined;
  exporter: TimelapseExporter;
  /** Whether the room exists (loaded, or anything of it stored). */
  roomKnown(roomId: string): Promise<boolean>;
  /** Whether the request may read the room (private-room tokens); everyone may when absent. */
  authorize?(request: IncomingMessage, roomId: string): Promise<ReadVerdict>;
  /** Whether a page on `origin` may fetch (CORS); every origin may when absent. */
  allowOrigin?(origin: string | undefined, host: string | undefined): boolean;
  logger: ServerLogger;
}

const ROUTE = new RegExp(`^/rooms/(${ROOM_PATH_SEGMENT_PATTERN.source.slice(1, -1)})/timelapse\\.(webp|gif|json)$`);

/** Returns a handler that serves the timelapse paths and returns false for any other (left to the caller). */
export function createTimelapseHandler(deps: TimelapseRouteDeps): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    const match = ROUTE.exec((request.url ?? '').split('?', 1)[0] ?? '');
    if (!match) return false;
    const [, spelling, format] = match as unknown as [string, string, TimelapseFormat];
    const room = canonicalRoomId(spelling);
    if ('error' in room) return answered(sendJson(response, 400, { error: room.error }));
    const origin = request.headers.origin;
    if (deps.allowOrigin && !deps.allowOrigin(origin, request.headers.host)) return answered(sendJson(response, 403, { error: 'origin not allowed' }));
    if (origin !== undefined) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-expose-headers', 'content-disposition, etag, retry-after');
      response.setHeader('vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'access-control-allow-methods': 'GET, HEAD', 'access-control-allow-headers': 'authorization, if-none-match', 'access-control-max-age': '600' });
      return answered(response.end());
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return answered(sendJson(response, 405, { error: 'use GET' }));
    serve(deps, request, response, room.roomId, format).catch((error: unknown) => {
      deps.logger.error({ room: room.roomId, format, err: (error as Error).message }, 'timelapse request failed');
      if (!response.headersSent) sendJson(response, 500, { error: `could not read the timelapse: ${(error as Error).message}` });
      else response.destroy();
    });
    return true;
  };
}

async function serve(deps: TimelapseRouteDeps, request: IncomingMessage, response: ServerResponse, roomId: string, format: TimelapseFormat): Promise<void> {
  const verdict = (await deps.authorize?.(request, roomId)) ?? { ok: true };
  if (!verdict.ok) return sendJson(response, verdict.status, { error: verdict.error });
  const { recorder } = deps;
  if (recorder === undefined) return sendJson(response, 501, { error: 'this server is a cluster member and keeps no timelapse' });
  const entries = await recorder.entries(roomId);
  if (entries.length === 0 && !(await deps.roomKnown(roomId))) return sendJson(response, 404, { error: `no room ${roomId}` });
  if (format === 'json') return sendManifest(request, response, roomId, entries, recorder);
  if (entries.length === 0) return sendJson(response, 404, { error: 'this room has no frames in its timelapse yet' });
  const etag = timelapseEtag(roomId, format, entries);
  const headers = {
    'cache-control': 'private, no-cache',
    etag,
    'content-type': ANIMATED_MIME[format],
    'content-disposition': `attachment; filename="${timelapseFileName(roomId, entries)}.${format}"`,
  };
  if (request.headers['if-none-match'] === etag) return void response.writeHead(304, headers).end();
  const job = deps.exporter.export(roomId, format, entries);
  if (job === undefined) {
    response.setHeader('retry-after', String(EXPORT_RETRY_AFTER_SECONDS));
    return sendJson(response, 503, { error: 'too many timelapses are being made right now; try again in a few seconds' });
  }
  const { bytes } = await job;
  response.writeHead(200, { ...headers, 'content-length': String(bytes.length) });
  response.end(request.method === 'HEAD' ? undefined : bytes);
}

function sendManifest(request: IncomingMessage, response: ServerResponse, roomId: string, entries: readonly TimelapseEntry[], recorder: TimelapseRecorder): void {
  const etag = timelapseEtag(roomId, 'json', entries);
  const headers = { 'cache-control': 'private, no-cache', etag };
  if (request.headers['if-none-match'] === etag) return void response.writeHead(304, headers).end();
  const manifest: TimelapseManifest = {
    room: roomId,
    frames: entries.map(({ index: _index, ...frame }) => frame),
    limits: { frames: recorder.limits.maxFrames, bytes: recorder.limits.maxBytes },
    frameDelayMs: TIMELAPSE_FRAME_DELAY_MS,
  };
  sendJson(response, 200, manifest, headers);
}

/** `promptjam-<room>-<YYYYMMDD-HHMM of the newest frame, UTC>`: sorts by date, safe in every file system. */
export function timelapseFileName(roomId: string, entries: readonly TimelapseEntry[]): string {
  const at = new Date(entries.at(-1)?.at ?? 0).toISOString();
  return `promptjam-${roomId}-${at.slice(0, 10).replaceAll('-', '')}-${at.slice(11, 16).replace(':', '')}`;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = { 'cache-control': 'no-store' }): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function answered(_: unknown): true {
  return true;
}
