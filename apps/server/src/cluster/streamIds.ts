/** Redis stream ids (`<ms>-<seq>`): the id before the first entry, and ordering. */

/** The id every entry of a stream is after; reading from it reads the whole stream. */
export const STREAM_START = '0-0';

/** Negative when `a` is before `b`, zero when equal, positive when after. Both must be `<ms>-<seq>`. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
  return 0;
}
