import { img2imgSteps, type FrameQuality } from '@promptjam/protocol';
import type { GenerateRequest, ImageFormat } from '@promptjam/diffusion';
import type { RenderInput } from './renderTypes.js';

/** Denoising steps of a preview frame: the Turbo models give a usable picture in one. */
export const PREVIEW_STEPS = 1;

/** How frames are encoded, the same for every room. */
export interface FrameEncoding {
  imageFormat: ImageFormat;
  imageQuality: number;
}

/**
 * The engine request for a room's frame. A preview runs {@link PREVIEW_STEPS} step(s) and asks for the tiny
 * preview decoder (the engine falls back to the VAE when it has none); a refined frame runs the room's step count
 * with the full VAE. The seed is the room's either way, so a preview and its refine show the same composition.
 */
export function frameRequest(input: RenderInput, quality: FrameQuality, encoding: FrameEncoding): GenerateRequest {
  const { prompt, params, canvas } = input;
  const { seed, width, height } = params;
  const request: GenerateRequest = { prompt, seed, steps: frameSteps(input, quality), width, height, format: encoding.imageFormat, quality: encoding.imageQuality };
  if (quality === 'preview') request.preview = true;
  if (canvas !== undefined) {
    request.initImage = canvas.pixels;
    request.strength = params.strength;
  }
  return request;
}

/**
 * The steps a frame runs: {@link PREVIEW_STEPS} for a preview, else the room's; for img2img (a room with a canvas)
 * raised until `steps * strength >= 1` (`img2imgSteps`, the engine's rule).
 */
export function frameSteps({ params, canvas }: RenderInput, quality: FrameQuality): number {
  const steps = quality === 'preview' ? PREVIEW_STEPS : params.steps;
  return canvas === undefined ? steps : img2imgSteps({ steps, strength: params.strength });
}

/**
 * Whether a preview of `input` would be the very image its refine gives: the room already asks for
 * {@link PREVIEW_STEPS} step(s) and the engine has no preview decoder, so both would run the same model calls.
 * Such a room gets refined frames only (no second render of the same pixels).
 */
export function previewIsRefine(input: RenderInput, hasPreviewDecoder: boolean): boolean {
  return input.params.steps <= PREVIEW_STEPS && !hasPreviewDecoder;
}

/**
 * Whether two requests can share one batched UNet call: the same image size, step count and first step (one
 * timestep per call; img2img starts later). The engine checks this itself (and splits what does not match);
 * the scheduler groups by it so a batch is one call.
 */
export function batchCompatible(a: GenerateRequest, b: GenerateRequest): boolean {
  return a.width === b.width && a.height === b.height && a.steps === b.steps && firstStep(a) === firstStep(b);
}

/** The first scheduler step a request runs (diffusers' `get_timesteps`: img2img skips the noisiest ones). */
function firstStep(request: GenerateRequest): number {
  if (request.initImage === undefined) return 0;
  return request.steps - Math.min(Math.floor(request.steps * (request.strength ?? 1)), request.steps);
}
