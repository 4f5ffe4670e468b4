import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './messageTypes.js';
import type { GenerationParams } from './params.js';
import type { PromptTokenUsage } from './prompt.js';
import type { DecodeResult } from './decodeResult.js';

/** Engine time spent in each stage of one frame, in milliseconds. */
export type FrameTimings = Record<string, number>;

/**
 * How a frame was rendered. `preview`: while the room's input keeps changing, 1 denoising step decoded with the
 * tiny preview VAE when the server has one; `refined`: the room's own step count and the full VAE, rendered once the
 * room has been quiet for the refine pause (and every frame when previews are off).
 */
export type FrameQuality = 'preview' | 'refined';

/** What the server says about a frame, sent as JSON ahead of the image bytes. */
export interface FrameMetadata {
  /** Increases by one with every frame a room renders (across restarts, from the store). */
  seq: number;
  /** The exact prompt text the frame was rendered from. */
  prompt: string;
  /** The room's parameters (after normalisation); a `preview` frame ran 1 step whatever `params.steps` says. */
  params: GenerationParams;
  /** Preview or refined (see {@link FrameQuality}); frames from servers that predate it read as `refined`. */
  quality: FrameQuality;
  /** The image's MIME type, e.g. `image/jpeg`. */
  mime: string;
  width: number;
  height: number;
  /** The model's display name, e.g. `sdxl-turbo` or `demo (tiny sdxl)`. */
  model: string;
  /** True when the server runs the embedded demo model rather than real weights. */
  demo: boolean;
  /** Engine time for this frame in ms (tokenize through image encode). */
  genMs: number;
  /** Server epoch ms when this frame's generation began. */
  startedAt: number;
  /** Per-stage engine timings in ms, when the engine reports them. */
  timings?: FrameTimings;
  /** How much of the prompt CLIP read (75 tokens at most; the rest is truncated), when the engine reports it. */
  promptTokens?: PromptTokenUsage;
  /** Present when the frame was rendered img2img from the room's sketch or starting image. */
  img2img?: FrameImg2Img;
  /**
   * Present when the room has a sketch or starting image but the frame was rendered text-to-image anyway, saying
   * why for people (the model has no VAE encoder, so it cannot start from a picture). Absent otherwise.
   */
  canvasIgnored?: string;
}

/** How an img2img frame was made. */
export interface FrameImg2Img {
  /** The strength used, from the room's params. */
  strength: number;
  /** Steps the engine ran with (the room's steps, raised so that `steps * strength >= 1`). */
  steps: number;
  /** Strokes drawn (after skipping invalid ones). */
  strokes: number;
  /** Whether a starting image was under the strokes. */
  image: boolean;
  /** Identifies the canvas content the frame was made from (a hash); equal digests render equal canvases. */
  canvas: string;
}

/** Encodes a frame message: type 100, `varString(JSON metadata)`, `varUint8Array(image)`. */
export function encodeFrameMessage(metadata: FrameMetadata, image: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Frame);
  encoding.writeVarString(encoder, JSON.stringify(metadata));
  encoding.writeVarUint8Array(encoder, image);
  return encoding.toUint8Array(encoder);
}

function isFrameMetadata(value: unknown): value is FrameMetadata {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.seq === 'number' &&
    typeof v.prompt === 'string' &&
    typeof v.params === 'object' &&
    v.params !== null &&
    typeof v.mime === 'string' &&
    typeof v.width === 'number' &&
    typeof v.height === 'number' &&
    typeof v.model === 'string' &&
    typeof v.genMs === 'number' &&
    typeof v.startedAt === 'number'
  );
}

/**
 * Decodes the body of a frame message (after its type varUint has been read).
 * Returns `{ error }` for anything that is not a well-formed frame.
 */
export function readFrameBody(decoder: decoding.Decoder): DecodeResult<{ metadata: FrameMetadata; image: Uint8Array }> {
  try {
    const json = decoding.readVarString(decoder);
    const image = decoding.readVarUint8Array(decoder);
    const metadata: unknown = JSON.parse(json);
    if (!isFrameMetadata(metadata)) return { error: 'frame metadata is missing required fields' };
    const quality: FrameQuality = metadata.quality === 'preview' ? 'preview' : 'refined';
    return { value: { metadata: { ...metadata, demo: metadata.demo === true, quality }, image } };
  } catch (cause) {
    return { error: `malformed frame message: ${(cause as Error).message}` };
  }
}
