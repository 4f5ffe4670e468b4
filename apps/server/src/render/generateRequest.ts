import { img2imgSteps } from '@promptjam/protocol';
import type { GenerateRequest, ImageFormat } from '@promptjam/diffusion';
import { rasterizeCanvas, type RasterizedCanvas } from './rasterizeCanvas.js';
import type { CanvasInput, RenderInput } from './renderTypes.js';

/** Draws a room canvas (in this thread by default; the server passes its {@link RasterThread}'s). */
export type Rasterize = (canvas: CanvasInput, width: number, height: number) => Promise<RasterizedCanvas>;

/** How frames are made (the server's options). */
export interface FrameEncoding {
  imageFormat: ImageFormat;
  imageQuality: number;
  /** Where canvases are rasterised; in this thread when absent. */
  rasterize?: Rasterize;
}

/**
 * Turns a room's render input into the engine's request: text-to-image from the prompt and params, or, when the
 * room has a sketch or starting image, img2img from the rasterised canvas at the room's strength, with the steps
 * raised so that `steps * strength >= 1` (the engine's rule; see `img2imgSteps`).
 */
export async function buildGenerateRequest(input: RenderInput, encoding: FrameEncoding): Promise<GenerateRequest> {
  const { prompt, params } = input;
  const request: GenerateRequest = {
    prompt,
    seed: params.seed,
    steps: params.steps,
    width: params.width,
    height: params.height,
    format: encoding.imageFormat,
    quality: encoding.imageQuality,
  };
  if (input.canvas === undefined) return request;
  const rasterize = encoding.rasterize ?? rasterizeCanvas;
  const { jpeg } = await rasterize(input.canvas, params.width, params.height);
  return { ...request, initImage: jpeg, strength: params.strength, steps: img2imgSteps(params) };
}
