/**
 * Who holds a busy port, when it is promptjam itself: the doctor asks the port what the room server or the web app
 * would answer (plain HTTP on loopback, a short timeout), so a port held by a running promptjam is reported as
 * that, not as a failure. Anything else (no answer, another program) is not recognised.
 */

/** How long one probe of a busy port may take, in ms. */
export const PORT_PROBE_TIMEOUT_MS = 2_000;

/** Says who holds a busy `port`, or undefined when it is not recognised. */
export type PortOwnerProbe = (port: number) => Promise<string | undefined>;

/** Where this machine reaches a server listening on `host`: loopback for the any-address. */
export function probeHost(host: string): string {
  if (host === '' || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function fetchText(url: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PORT_PROBE_TIMEOUT_MS), redirect: 'manual' });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}

/**
 * A promptjam room server on `host`: its `GET /readyz` answers 200 or 503 with the readiness body of
 * docs/PROTOCOL.md (`ready`, `store`, `engine`, `rooms`, `clients`).
 */
export function promptjamServerProbe(host: string): PortOwnerProbe {
  return async (port) => {
    const answer = await fetchText(`http://${probeHost(host)}:${port}/readyz`);
    if (answer === undefined || (answer.status !== 200 && answer.status !== 503)) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return undefined;
    }
    if (!isReadiness(body)) return undefined;
    const model = typeof body.engine.model === 'string' ? `, model ${body.engine.model}` : '';
    return `a running promptjam room server (${body.ready ? 'ready' : 'not ready'}${model}, ${body.rooms} room${body.rooms === 1 ? '' : 's'}, ${body.clients} client${body.clients === 1 ? '' : 's'})`;
  };
}

interface Readiness {
  ready: boolean;
  store: string;
  engine: { model?: unknown };
  rooms: number;
  clients: number;
}

function isReadiness(body: unknown): body is Readiness {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.ready === 'boolean' && typeof b.store === 'string' && typeof b.engine === 'object' && b.engine !== null && typeof b.rooms === 'number' && typeof b.clients === 'number';
}

/** The promptjam web app on `host`: its landing page is titled "promptjam" (apps/web/app/layout.tsx). */
export function promptjamWebAppProbe(host: string): PortOwnerProbe {
  return async (port) => {
    const answer = await fetchText(`http://${probeHost(host)}:${port}/`);
    if (answer?.status !== 200 || !/<title>promptjam<\/title>/.test(answer.body)) return undefined;
    return 'the running promptjam web app';
  };
}
