/**
 * One HTTP GET against the hub with redirects followed by hand, so the bearer token never leaks to the
 * storage host a file redirects to (the hub sends LFS files to a CDN on another origin, with a signed URL),
 * and with hub error answers turned into named errors.
 */
import { HubAuthError, HubHttpError, HubNotFoundError, HubResponseError, type HubNotFoundKind } from './errors.js';

/** Redirect hops followed before giving up; the hub uses one or two. */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Options of {@link hubGet}. */
export interface HubGetOptions {
  /** `Authorization: Bearer <token>` on requests to the first URL's origin only. */
  token?: string | undefined;
  /** Extra request headers (e.g. `Range`, `Accept`). */
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** The fetch to use; Node's global (undici) by default. */
  fetchImpl?: typeof fetch;
}

/**
 * GETs `url`, following up to {@link MAX_REDIRECTS} redirects (relative or absolute `Location`), and resolves to the
 * final response when it is 2xx or 416 (the caller handles a Range that starts at the end of the file).
 * Any other status rejects with {@link HubAuthError}, {@link HubNotFoundError} or {@link HubHttpError}.
 */
export async function hubGet(url: string, options: HubGetOptions = {}): Promise<Response> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const firstOrigin = new URL(url).origin;
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const sameOrigin = new URL(current).origin === firstOrigin;
    const headers: Record<string, string> = { 'user-agent': 'promptjam-models/0.1', ...options.headers };
    if (options.token && sameOrigin) headers.authorization = `Bearer ${options.token}`;
    const response = await fetchImpl(current, { headers, redirect: 'manual', signal: options.signal });
    if (REDIRECT_STATUSES.has(response.status)) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new HubResponseError(current, 'a Location header on a redirect', 'none');
      current = new URL(location, current).toString();
      continue;
    }
    if (response.ok || response.status === 416) return response;
    throw await hubErrorFrom(response, current, Boolean(options.token && sameOrigin));
  }
  throw new HubResponseError(url, `at most ${MAX_REDIRECTS} redirects`, 'more');
}

/** Builds the named error for a failed hub answer, with the hub's own message when its body has one. */
async function hubErrorFrom(response: Response, url: string, tokenSent: boolean): Promise<Error> {
  const hubMessage = await readHubMessage(response);
  if (response.status === 401 || response.status === 403) {
    return new HubAuthError(url, response.status, hubMessage, tokenSent);
  }
  if (response.status === 404) {
    return new HubNotFoundError(url, notFoundKind(response.headers.get('x-error-code')), hubMessage);
  }
  return new HubHttpError(url, response.status, hubMessage);
}

function notFoundKind(errorCode: string | null): HubNotFoundKind {
  switch (errorCode) {
    case 'RepoNotFound':
      return 'repository';
    case 'RevisionNotFound':
      return 'revision';
    case 'EntryNotFound':
      return 'file';
    default:
      return 'unknown';
  }
}

/** The hub answers errors as `{"error": "..."}` (and `X-Error-Message`); anything else is summarised, not dumped. */
async function readHubMessage(response: Response): Promise<string | undefined> {
  const header = response.headers.get('x-error-message');
  let text: string;
  try {
    text = await response.text();
  } catch {
    return header ?? undefined;
  }
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: fall through to the header or a short excerpt
  }
  return header ?? (text.trim().slice(0, 200) || undefined);
}
