/**
 * Named errors of the model hub client and downloader. Each carries what was expected and what came,
 * and a `fix` line the CLI prints under the message.
 */

/** Base class: every model-hub error has a one-line fix for the person at the terminal. */
export class ModelHubError extends Error {
  override name = 'ModelHubError';
  constructor(
    message: string,
    /** What to do about it, one line. */
    readonly fix: string,
  ) {
    super(message);
  }
}

/** The hub answered 401 or 403: no token, a rejected token, or a gated repository whose terms are not accepted. */
export class HubAuthError extends ModelHubError {
  override name = 'HubAuthError';
  constructor(
    readonly url: string,
    readonly status: 401 | 403,
    readonly hubMessage: string | undefined,
    tokenSent: boolean,
  ) {
    const what = status === 401 ? 'unauthorized (401)' : 'forbidden (403)';
    super(
      `${url}: ${what}${hubMessage ? `: ${hubMessage}` : ''}`,
      tokenSent
        ? 'HF_TOKEN was sent and refused: check that it is valid and has read access, and accept the model\'s terms on its hub page'
        : 'the repository is private, gated or does not exist: set HF_TOKEN to a read token (https://huggingface.co/settings/tokens) after accepting the model\'s terms',
    );
  }
}

/** What a 404 was about, from the hub's `X-Error-Code` header when it sends one. */
export type HubNotFoundKind = 'repository' | 'revision' | 'file' | 'unknown';

/** The hub answered 404 for a repository, a revision or one file. */
export class HubNotFoundError extends ModelHubError {
  override name = 'HubNotFoundError';
  constructor(
    readonly url: string,
    readonly kind: HubNotFoundKind,
    readonly hubMessage: string | undefined,
  ) {
    super(
      `${url}: ${kind === 'unknown' ? 'not found' : `${kind} not found`} (404)${hubMessage ? `: ${hubMessage}` : ''}`,
      kind === 'revision'
        ? 'check --revision (a branch, tag or commit of that repository)'
        : kind === 'file'
          ? 'the hub listed this file but does not serve it: rerun later, or pin another --revision'
          : 'check the model name (`promptjam models list`) and HF_ENDPOINT',
    );
  }
}

/** Any other non-success HTTP answer. `retryable` for 408, 429 and 5xx. */
export class HubHttpError extends ModelHubError {
  override name = 'HubHttpError';
  readonly retryable: boolean;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly hubMessage: string | undefined,
  ) {
    super(
      `${url}: HTTP ${status}${hubMessage ? `: ${hubMessage}` : ''}`,
      'the hub or mirror is failing: rerun the command later (downloads resume where they stopped)',
    );
    this.retryable = status === 408 || status === 429 || status >= 500;
  }
}

/** The hub's answer did not have the shape its API documents. */
export class HubResponseError extends ModelHubError {
  override name = 'HubResponseError';
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${url}: expected ${expected}, found ${found}`, 'check HF_ENDPOINT: it must point at a Hugging Face compatible hub');
  }
}

/** A downloaded file's size or hash differs from what the hub listed. */
export class IntegrityError extends ModelHubError {
  override name = 'IntegrityError';
  constructor(
    readonly path: string,
    readonly check: 'size' | 'sha256' | 'git-sha1',
    readonly expected: string,
    readonly found: string,
  ) {
    super(
      `${path}: ${check} mismatch: expected ${expected}, found ${found}`,
      'the corrupt file was deleted; rerun the command to download it again (if it keeps failing, the mirror serves bad data)',
    );
  }
}

/** A transfer failed on the network (reset, timeout, stall) after all retries. */
export class TransferError extends ModelHubError {
  override name = 'TransferError';
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(
      `${path}: transfer failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      'rerun the same command: it resumes from the partial file with an HTTP Range request',
    );
  }
}

/** File-system codes that mean the disk, not the network, is the problem. */
const DISK_ERROR_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'EMFILE', 'ENFILE', 'ENOTDIR', 'EISDIR', 'EEXIST']);

/** Writing to the model folder failed: no space, no permission, read-only file system, I/O error. */
export class DiskError extends ModelHubError {
  override name = 'DiskError';
  constructor(
    readonly path: string,
    readonly code: string,
    detail: string,
  ) {
    super(
      `${path}: ${detail} (${code})`,
      code === 'ENOSPC' || code === 'EDQUOT'
        ? 'free some disk space (or choose another --dir), then rerun: finished files are kept'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'make the models folder writable by this user, or choose another --dir'
          : code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST'
            ? 'a file stands where a folder is needed (or the reverse): choose another --dir'
          : 'check the disk (dmesg), then rerun',
    );
  }

  /** Wraps a Node fs error as a DiskError when its code is a disk problem; returns other errors unchanged. */
  static wrap(error: unknown, path: string): unknown {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && DISK_ERROR_CODES.has(code)) {
      return new DiskError(path, code, (error as Error).message);
    }
    return error;
  }
}

/** The destination exists and holds something else (not fetched by promptjam, or another repository): not replaced silently. */
export class DestinationExistsError extends ModelHubError {
  override name = 'DestinationExistsError';
  constructor(
    readonly path: string,
    /** What is there, e.g. `no promptjam install marker` or `onnxruntime/sd-turbo`. */
    readonly found: string,
  ) {
    super(`${path} already exists: expected a fetch of the same repository, found ${found}`, 'pass --force to replace it, or --dir to download elsewhere');
  }
}
