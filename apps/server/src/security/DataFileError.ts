/**
 * A file of the security layer in the data dir (the token secret, the private-room list) exists but cannot
 * be used. It is reported, never silently replaced: replacing the secret would invalidate every link, and an
 * empty private-room list would open every private room.
 */
export class DataFileError extends Error {
  override name = 'DataFileError';
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
    /** What the operator can do about it. */
    readonly remedy: string,
  ) {
    super(`${path}: expected ${expected}, found ${found}; ${remedy}`);
  }
}
