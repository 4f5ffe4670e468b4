import type { FrameQuality } from '@promptjam/protocol';
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
  const { prompt, params } = input;
  const request: GenerateRequest = { prompt, ...params, format: encoding.imageFormat, quality: encoding.imageQuality };
  return quality === 'preview' ? { ...request, steps: PREVIEW_STEPS, preview: true } : request;
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
 * Whether two requests can share one batched UNet call: the same image size and step count (one timestep per
 * call). The engine checks this itself (and splits what does not match); the scheduler groups by it so a batch
 * is one call.
 */
export function batchCompatible(a: GenerateRequest, b: GenerateRequest): boolean {
  return a.width === b.width && a.height === b.height && a.steps === b.steps;
}
