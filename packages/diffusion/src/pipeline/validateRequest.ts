import { InvalidRequestError } from '../errors.js';
import type { GenerateRequest, ImageFormat, RawImage } from '../engine/types.js';

/** Fewest denoising steps (SDXL Turbo's usual setting). */
export const MIN_STEPS = 1;
/** Most denoising steps: the Turbo models are distilled for 1-4; more do not help and cost time. */
export const MAX_STEPS = 4;
/** Image sides must be multiples of the VAE's 8x downsampling. */
export const SIZE_MULTIPLE_PX = 8;
/** Smallest image side accepted (px). */
export const MIN_SIZE_PX = 64;
/** Largest side accepted by default; SDXL is trained at 1024, SD Turbo at 512. */
export const MAX_SIZE_PX = 1024;
/** Seeds are uint32 (the noise generator uses 32 bits of seed). */
export const MAX_SEED = 0xffff_ffff;
/** Encoder quality when the request names none (1-100). */
export const DEFAULT_QUALITY = 85;
/** Output format when the request names none. */
export const DEFAULT_FORMAT: ImageFormat = 'jpeg';
/** Encoded init images above this size are refused before decoding. */
export const MAX_INIT_IMAGE_BYTES = 20 * 1024 * 1024;

/** A request with defaults filled in and every field checked. */
export interface ValidRequest extends Required<Omit<GenerateRequest, 'initImage' | 'strength' | 'preview'>> {
  preview: boolean;
  initImage?: Uint8Array | RawImage;
  strength: number;
}

function integerIn(field: string, value: unknown, min: number, max: number, extra = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidRequestError(`bad ${field}`, `an integer in [${min}, ${max}]${extra}`, JSON.stringify(value) ?? String(value));
  }
  return value;
}

function sizeIn(field: string, value: unknown, maxSizePx: number): number {
  const size = integerIn(field, value, MIN_SIZE_PX, maxSizePx, ` that is a multiple of ${SIZE_MULTIPLE_PX}`);
  if (size % SIZE_MULTIPLE_PX !== 0) {
    throw new InvalidRequestError(`bad ${field}`, `a multiple of ${SIZE_MULTIPLE_PX} in [${MIN_SIZE_PX}, ${maxSizePx}]`, String(size));
  }
  return size;
}

/** What {@link validateRequest} checks against besides the fixed rules. */
export interface RequestRules {
  /** Largest image side (px); default {@link MAX_SIZE_PX}. */
  maxSizePx?: number;
  /**
   * Longest prompt in UTF-16 code units, the caller's length rule (the room server passes protocol's
   * `MAX_PROMPT_CHARS`, the rule its rooms and the web editor keep). Unset: no cap.
   */
  maxPromptChars?: number;
  hasVaeEncoder: boolean;
}

/**
 * Checks a request at the engine boundary. Choices: an empty or whitespace-only prompt is an error
 * (an unconditional Turbo image is noise-like and never what a user typed for); a prompt over the caller's
 * `maxPromptChars` is an error; any prompt within it renders, and text past CLIP's 75 tokens is truncated
 * by the tokenizer, as the reference pipelines do (reported as `promptTokens`).
 */
export function validateRequest(request: GenerateRequest, options: RequestRules): ValidRequest {
  const maxSizePx = options.maxSizePx ?? MAX_SIZE_PX;
  if (typeof request.prompt !== 'string') throw new InvalidRequestError('bad prompt', 'a string', typeof request.prompt);
  if (request.prompt.trim() === '') throw new InvalidRequestError('empty prompt', 'at least one non-space character', 'an empty prompt');
  if (options.maxPromptChars !== undefined && request.prompt.length > options.maxPromptChars) {
    throw new InvalidRequestError('prompt too long', `at most ${options.maxPromptChars} characters`, `${request.prompt.length} characters`);
  }
  const format = request.format ?? DEFAULT_FORMAT;
  if (format !== 'jpeg' && format !== 'webp') throw new InvalidRequestError('bad format', "'jpeg' or 'webp'", JSON.stringify(format));
  const valid: ValidRequest = {
    prompt: request.prompt,
    seed: integerIn('seed', request.seed, 0, MAX_SEED),
    steps: integerIn('steps', request.steps, MIN_STEPS, MAX_STEPS),
    width: sizeIn('width', request.width, maxSizePx),
    height: sizeIn('height', request.height, maxSizePx),
    format,
    quality: integerIn('quality', request.quality ?? DEFAULT_QUALITY, 1, 100),
    strength: 1,
    preview: request.preview ?? false,
  };
  if (typeof valid.preview !== 'boolean') throw new InvalidRequestError('bad preview', 'true or false', JSON.stringify(request.preview));
  if (request.initImage !== undefined) {
    if (!options.hasVaeEncoder) throw new InvalidRequestError('img2img needs a vae_encoder', 'a model folder with vae_encoder/model.onnx', 'none');
    checkInitImage(request.initImage, maxSizePx);
    const strength = request.strength ?? 0.5;
    if (typeof strength !== 'number' || !(strength > 0 && strength <= 1)) {
      throw new InvalidRequestError('bad strength', 'a number in (0, 1]', String(strength));
    }
    if (Math.floor(valid.steps * strength) < 1) {
      throw new InvalidRequestError('img2img would run no step', 'steps * strength >= 1', `${valid.steps} * ${strength}`);
    }
    valid.initImage = request.initImage;
    valid.strength = strength;
  } else if (request.strength !== undefined) {
    throw new InvalidRequestError('strength without initImage', 'an initImage with strength', 'strength only');
  }
  return valid;
}

/** An encoded image of 1 to {@link MAX_INIT_IMAGE_BYTES} bytes, or raw pixels whose sides fit `maxSizePx` and whose bytes match them. */
function checkInitImage(image: unknown, maxSizePx: number): void {
  if (image instanceof Uint8Array) {
    if (image.length === 0 || image.length > MAX_INIT_IMAGE_BYTES) {
      throw new InvalidRequestError('bad initImage', `encoded image bytes (1 to ${MAX_INIT_IMAGE_BYTES})`, String(image.length));
    }
    return;
  }
  const raw = image as Partial<RawImage> | null;
  if (typeof raw !== 'object' || raw === null || !(raw.data instanceof Uint8Array)) {
    throw new InvalidRequestError('bad initImage', 'encoded image bytes or { data, width, height, channels }', typeof image);
  }
  integerIn('initImage.width', raw.width, 1, maxSizePx);
  integerIn('initImage.height', raw.height, 1, maxSizePx);
  if (raw.channels !== 3 && raw.channels !== 4) throw new InvalidRequestError('bad initImage.channels', '3 or 4', String(raw.channels));
  const expected = raw.width! * raw.height! * raw.channels;
  if (raw.data.length !== expected) {
    throw new InvalidRequestError('bad initImage.data', `${expected} bytes (width * height * channels)`, String(raw.data.length));
  }
}
