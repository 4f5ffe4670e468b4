import type { GenerateResult, ImageFormat, PromptTokenUsage, StageTimings } from '../engine/types.js';
import { epochNowMs } from '../engine/types.js';
import { encodeImage, IMAGE_MIME } from './encodeImage.js';
import { latentImageToRgb } from './imageConversion.js';

/**
 * A frame after the model work, as plain data that can cross to another thread (the planar floats can be
 * transferred): everything {@link encodeDecodedImage} needs to finish it.
 */
export interface DecodedImage {
  /** The decoder's output `[1, 3, H, W]`, about [-1, 1]. */
  planar: Float32Array;
  width: number;
  height: number;
  format: ImageFormat;
  /** Encoder quality 1-100. */
  quality: number;
  /** Stage times so far (ms), the batch's shared stages included. */
  timings: StageTimings;
  /** Total ms inside `session.run` so far. */
  onnxRunMs: number;
  batchSize: number;
  promptTokens: PromptTokenUsage;
  /** When the frame's engine work began (epoch ms, `epochNowMs`): `genMs` runs from here to the end of encoding. */
  startedAtEpochMs: number;
}

/**
 * The host work of one frame: planar floats to RGB bytes, then one JPEG/WebP encode (sharp, on libuv's thread
 * pool). `encode` in the timings covers both. Runs on whichever thread calls it: the worker engine runs it on its
 * frame-encoder thread, so the engine's thread goes straight on to the next batch's model work.
 */
export async function encodeDecodedImage(frame: DecodedImage): Promise<GenerateResult> {
  const { width, height, format, quality } = frame;
  const begin = performance.now();
  const image = await encodeImage(latentImageToRgb(frame.planar, width, height), width, height, format, quality);
  const timings: StageTimings = { ...frame.timings };
  timings.encode = (timings.encode ?? 0) + performance.now() - begin;
  // onnxRun: total ms inside session.run, so callers can tell the engine's own overhead from the model's.
  return {
    image,
    mime: IMAGE_MIME[format],
    width,
    height,
    genMs: epochNowMs() - frame.startedAtEpochMs,
    timings: { ...timings, onnxRun: frame.onnxRunMs, batchSize: frame.batchSize },
    promptTokens: frame.promptTokens,
  };
}
