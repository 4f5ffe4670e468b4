/**
 * What a benchmark client records about each frame it receives: the server's metadata that latency is
 * computed from (prompt, startedAt, genMs) and the client's own receive time on the shared epoch clock.
 */
import type * as decoding from 'lib0/decoding';
import { readFrameBody, type FrameQuality } from '@promptjam/protocol';

/** One frame as one client saw it. */
export interface FrameArrival {
  seq: number;
  prompt: string;
  /** Server epoch ms when generation began (whole milliseconds, from the server's Date.now()). */
  startedAtEpochMs: number;
  /** Engine time for the frame in ms. */
  genMs: number;
  /**
   * Ms from `startedAtEpochMs` to the end of the batch's model work (the engine was free for the next batch from
   * then on, while this frame was encoded); `genMs` when the server does not say.
   */
  modelWorkMs: number;
  /** `preview` while the room is edited, `refined` after its pause (or always, with previews off). */
  quality: FrameQuality;
  /** Bytes of the whole frame message on the wire. */
  messageBytes: number;
  /** Client epoch ms (sub-ms resolution) when the message reached the client's handler. */
  arrivalEpochMs: number;
}

/**
 * Reads a frame message body (the decoder is positioned after the type varUint) into a {@link FrameArrival}.
 * Returns null for a malformed frame, which the caller counts rather than crashing the harness.
 */
export function readFrameArrival(decoder: decoding.Decoder, messageBytes: number, arrivalEpochMs: number): FrameArrival | null {
  const frame = readFrameBody(decoder);
  if (frame.error !== undefined) return null;
  const { metadata } = frame.value;
  return {
    seq: metadata.seq,
    prompt: metadata.prompt,
    startedAtEpochMs: metadata.startedAt,
    genMs: metadata.genMs,
    modelWorkMs: metadata.timings?.modelWork ?? metadata.genMs,
    quality: metadata.quality,
    messageBytes,
    arrivalEpochMs,
  };
}
