import type { GenerateResult } from '@promptjam/diffusion';
import type { RenderClient, RenderJob } from './renderTypes.js';

/** What became of a room's frame: the image, or why there is none. */
export type FrameOutcome = { result: GenerateResult } | { error: Error };

const asError = (cause: unknown): Error => (cause instanceof Error ? cause : new Error(String(cause)));

/** Waits for a frame to settle, never rejecting: its result or its error. */
export async function settleFrame(frame: Promise<GenerateResult>): Promise<FrameOutcome> {
  try {
    return { result: await frame };
  } catch (cause) {
    return { error: asError(cause) };
  }
}

/**
 * Hands a room its frame, or its error. A room that throws while taking its frame counts as a failed render and
 * gets that error instead (never a stuck scheduler); a room that throws while taking an error is left alone (it
 * renders again on its next change). Returns whether the room took a frame.
 */
export function handToRoom(client: RenderClient, job: RenderJob, outcome: FrameOutcome): boolean {
  let error: Error;
  if ('result' in outcome) {
    try {
      client.onFrame(job, outcome.result);
      return true;
    } catch (cause) {
      error = asError(cause);
    }
  } else {
    error = outcome.error;
  }
  try {
    client.onRenderError(job, error);
  } catch {
    // The room could not take its error; it will still render on its next change.
  }
  return false;
}
