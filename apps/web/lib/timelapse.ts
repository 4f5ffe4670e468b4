import { timelapsePath, type TimelapseFormat, type TimelapseManifest } from '@promptjam/protocol';

/** What the page knows of the room's timelapse. */
export type TimelapseState =
  | { state: 'loading' }
  /** `frames` kept so far (0: nothing to download yet); `newestSeq` the newest one's seq (0 when none). */
  | { state: 'ready'; frames: number; newestSeq: number }
  /** The server keeps none, or could not say: `reason` in words, shown beside the disabled button. */
  | { state: 'unavailable'; reason: string };

/**
 * The address of the room's timelapse on the room server (`httpUrl`, e.g. `http://gpu:8787`), with the page's
 * token for a private room (`?token=`, as the server reads it; docs/PROTOCOL.md, timelapse).
 */
export function timelapseUrl(httpUrl: string, roomId: string, format: TimelapseFormat, token: string | null): string {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return `${httpUrl}${timelapsePath(roomId, format)}${query}`;
}

/** Reads the server's answer to `timelapse.json` as a {@link TimelapseState}. Never throws. */
export async function readTimelapseAnswer(response: Pick<Response, 'status' | 'ok' | 'json'>): Promise<TimelapseState> {
  try {
    const body = (await response.json()) as Partial<TimelapseManifest> & { error?: string };
    if (response.ok && Array.isArray(body.frames)) return { state: 'ready', frames: body.frames.length, newestSeq: body.frames.at(-1)?.seq ?? 0 };
    // A room nobody has stored yet has no frames either.
    if (response.status === 404) return { state: 'ready', frames: 0, newestSeq: 0 };
    if (response.status === 501) return { state: 'unavailable', reason: 'This server keeps no timelapse.' };
    return { state: 'unavailable', reason: body.error ?? `The server answered ${response.status}.` };
  } catch {
    return { state: 'unavailable', reason: `The server answered ${response.status} without a readable body.` };
  }
}

/** Fetches how many frames the room's timelapse holds. Never throws: a failed request is `unavailable`. */
export async function fetchTimelapseState(httpUrl: string, roomId: string, token: string | null, signal?: AbortSignal): Promise<TimelapseState> {
  try {
    return await readTimelapseAnswer(await fetch(timelapseUrl(httpUrl, roomId, 'json', token), { signal, cache: 'no-cache' }));
  } catch (error) {
    return { state: 'unavailable', reason: `Could not reach the room server: ${(error as Error).message}` };
  }
}
