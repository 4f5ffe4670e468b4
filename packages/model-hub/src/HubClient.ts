/**
 * A small client for the Hugging Face hub's model API (or any mirror that speaks it, via HF_ENDPOINT):
 * resolves a revision to its commit and lists the files with their sizes and hashes, and builds the
 * download URL of one file pinned to that commit.
 */
import { HubResponseError } from './errors.js';
import { hubGet } from './hubRequest.js';

/** The public hub; `HF_ENDPOINT` overrides it (a mirror, or a local test server). */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** One file of a repository at one commit, as the hub lists it. */
export interface HubFile {
  /** Path inside the repository, `/`-separated (e.g. `unet/model.onnx`). */
  path: string;
  /** Size in bytes, when the hub gives it. */
  size: number | undefined;
  /** Hex sha256 of the content, given for LFS (large) files. */
  sha256: string | undefined;
  /** Hex git blob sha1 (`blobId`); for non-LFS files it hashes the content itself. */
  gitOid: string | undefined;
  /** True when the file is stored with LFS (so `gitOid` hashes the pointer, not the content). */
  lfs: boolean;
}

/** A repository's files at one resolved commit. */
export interface HubListing {
  repo: string;
  /** The revision asked for (branch, tag or commit). */
  revision: string;
  /** The commit it resolved to; downloads are pinned to it so every file comes from the same snapshot. */
  commit: string;
  files: HubFile[];
}

/** Where and how to reach the hub. */
export interface HubClientOptions {
  /** Base URL without trailing slash; default {@link DEFAULT_HUB_ENDPOINT}. */
  endpoint?: string;
  /** Read token sent as `Authorization: Bearer`. */
  token?: string | undefined;
  fetchImpl?: typeof fetch;
}

/** Reads `HF_ENDPOINT` and `HF_TOKEN` (or the older `HUGGING_FACE_HUB_TOKEN`) from an environment. */
export function hubOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HubClientOptions {
  const endpoint = env.HF_ENDPOINT?.trim() || DEFAULT_HUB_ENDPOINT;
  const token = env.HF_TOKEN?.trim() || env.HUGGING_FACE_HUB_TOKEN?.trim() || undefined;
  return { endpoint, token };
}

const REPO_ID_PATTERN = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** Hub client: `listFiles` then `fileUrl` + `get` for each file. */
export class HubClient {
  readonly endpoint: string;
  readonly token: string | undefined;
  private readonly fetchImpl: typeof fetch | undefined;

  constructor(options: HubClientOptions = {}) {
    this.endpoint = (options.endpoint ?? DEFAULT_HUB_ENDPOINT).replace(/\/+$/, '');
    new URL(this.endpoint); // throws TypeError on a malformed HF_ENDPOINT, before any request
    this.token = options.token;
    this.fetchImpl = options.fetchImpl;
  }

  /**
   * Lists a model repository's files at `revision` through `GET /api/models/{repo}/revision/{revision}?blobs=true`,
   * whose `siblings` carry `size`, `blobId` and, for LFS files, `lfs.sha256`; `sha` is the resolved commit.
   */
  async listFiles(repo: string, revision: string): Promise<HubListing> {
    if (!REPO_ID_PATTERN.test(repo)) throw new TypeError(`repository id must look like owner/name, got '${repo}'`);
    const url = `${this.endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
    const response = await this.get(url, { accept: 'application/json' });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new HubResponseError(url, 'a JSON model description', `content-type ${response.headers.get('content-type')}`);
    }
    return parseRevisionListing(url, repo, revision, body);
  }

  /** `{endpoint}/{repo}/resolve/{commit}/{path}` with each path segment encoded. */
  fileUrl(repo: string, commit: string, path: string): string {
    const encodedPath = path.split('/').map(encodeURIComponent).join('/');
    return `${this.endpoint}/${repo}/resolve/${encodeURIComponent(commit)}/${encodedPath}`;
  }

  /** GET with this client's token, redirects and error mapping (see {@link hubGet}). */
  get(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
    return hubGet(url, { token: this.token, headers, signal, ...(this.fetchImpl ? { fetchImpl: this.fetchImpl } : {}) });
  }
}

/** Validates the revision endpoint's answer (an untrusted boundary) into a {@link HubListing}. */
function parseRevisionListing(url: string, repo: string, revision: string, body: unknown): HubListing {
  const record = body as { sha?: unknown; siblings?: unknown } | null;
  if (typeof record !== 'object' || record === null || !Array.isArray(record.siblings)) {
    throw new HubResponseError(url, 'an object with a "siblings" array', describe(body));
  }
  if (typeof record.sha !== 'string' || !/^[0-9a-f]{40}$/.test(record.sha)) {
    throw new HubResponseError(url, '"sha": a 40-hex commit id', describe(record.sha));
  }
  const files = record.siblings.map((entry: unknown, index: number): HubFile => {
    const sibling = entry as { rfilename?: unknown; size?: unknown; blobId?: unknown; lfs?: unknown } | null;
    const path = sibling?.rfilename;
    if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.split('/').includes('..')) {
      throw new HubResponseError(url, `siblings[${index}].rfilename: a relative path`, describe(path));
    }
    const lfs = sibling?.lfs as { sha256?: unknown; size?: unknown } | undefined;
    const size = typeof lfs?.size === 'number' ? lfs.size : sibling?.size;
    const sha256 = typeof lfs?.sha256 === 'string' && /^[0-9a-f]{64}$/.test(lfs.sha256) ? lfs.sha256 : undefined;
    const gitOid = typeof sibling?.blobId === 'string' && /^[0-9a-f]{40}$/.test(sibling.blobId) ? sibling.blobId : undefined;
    return {
      path,
      size: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined,
      sha256,
      gitOid,
      lfs: lfs !== undefined && lfs !== null,
    };
  });
  return { repo, revision, commit: record.sha, files };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
