import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOMS_PATH_PREFIX } from '@promptjam/protocol';
import type { ClusterHealth } from '../cluster/ClusterMember.js';
import type { ServerLogger } from '../log/createLogger.js';
import type { ServerMetrics } from '../metrics/ServerMetrics.js';

/** The body of `GET /readyz`. */
export interface Readiness {
  ready: boolean;
  /** Why the server is not ready, in words, when it is not. */
  reasons: string[];
  store: 'open' | 'closed';
  engine: {
    state: 'loading' | 'ready' | 'failed';
    model: string;
    demo: boolean;
    /** Execution provider actually running (`cpu`, `cuda`, `webgpu`), once loaded. */
    provider?: string;
    /** Why that provider: `auto`'s reasoning (providers passed over and why), or why it differs from `--device`. */
    providerNote?: string;
    /** True when a tiny preview decoder is loaded (and, like every session, warmed up before ready). */
    previewDecoder?: boolean;
    error?: string;
  };
  shuttingDown: boolean;
  rooms: number;
  clients: number;
  /** Cluster mode only: this member's id, its Redis connection, whether it drains, how many rooms it renders. */
  cluster?: ClusterHealth;
}

/** What the routes read. */
export interface RouteDeps {
  metrics: ServerMetrics;
  readiness(): Readiness;
  logger: ServerLogger;
  /** Routes tried before the built-in ones (the private-room endpoints); each returns whether it answered. */
  extraRoutes?: ReadonlyArray<(request: IncomingMessage, response: ServerResponse) => boolean>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

/**
 * Plain HTTP requests: `GET /healthz` (liveness: the process answers), `GET /readyz` (model loaded, store open,
 * not shutting down; 503 with the reasons otherwise), `GET /metrics` (Prometheus text). A plain GET on a room
 * path is answered 426 (it needs a WebSocket upgrade); anything else is 404.
 */
export function createRequestHandler(deps: RouteDeps): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    for (const route of deps.extraRoutes ?? []) if (route(request, response)) return;
    const path = (request.url ?? '/').split('?', 1)[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: 'only GET is served' });
      return;
    }
    switch (path) {
      case '/healthz':
        sendJson(response, 200, { status: 'ok' });
        return;
      case '/readyz': {
        const readiness = deps.readiness();
        sendJson(response, readiness.ready ? 200 : 503, readiness);
        return;
      }
      case '/metrics':
        deps.metrics.render().then(
          ({ contentType, body }) => {
            response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
            response.end(body);
          },
          (error: unknown) => {
            deps.logger.error({ err: (error as Error).message }, 'metrics collection failed');
            sendJson(response, 500, { error: 'metrics collection failed' });
          },
        );
        return;
      default:
        if (path?.startsWith(ROOMS_PATH_PREFIX)) sendJson(response, 426, { error: 'connect with a WebSocket' });
        else sendJson(response, 404, { error: 'not found' });
    }
  };
}
