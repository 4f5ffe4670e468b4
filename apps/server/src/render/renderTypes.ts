import { sameParams, type FrameQuality, type GenerationParams } from '@promptjam/protocol';
import type { GenerateResult, RawImage } from '@promptjam/diffusion';

/** What one frame is rendered from: the prompt text and the normalised params, read when rendering starts. */
export interface RenderInput {
  prompt: string;
  params: GenerationParams;
  /** The room's sketch and starting image, rasterised: present, the frame renders img2img from it. */
  canvas?: CanvasFrameInput;
  /** The room has a canvas the engine cannot start from (no VAE encoder): why, for the frame's metadata. */
  canvasIgnored?: string;
}

/** A room canvas ready for img2img: the rasterised picture and what it shows. */
export interface CanvasFrameInput {
  /** Identifies the canvas content (equal digests draw equal pictures); frame metadata carries it as `img2img.canvas`. */
  digest: string;
  /** The picture at the room's frame size, raw RGBA (the engine's `initImage` takes it without an encode). */
  pixels: RawImage;
  /** Strokes drawn. */
  strokes: number;
  /** Whether a starting image was drawn under them. */
  image: boolean;
}

/** One generation the scheduler ran for a room. */
export interface RenderJob {
  input: RenderInput;
  /** Server epoch ms when the engine was asked. */
  startedAt: number;
  /** `performance.now()` when the room first became dirty for this frame (for keystroke-to-frame latency). */
  dirtySinceMs: number;
  /** A quick preview while the room is being edited, or the full-quality frame once it is quiet. */
  quality: FrameQuality;
  /** Rooms whose frames were denoised in the same engine batch as this one (itself included). */
  batchSize: number;
}

/** What the scheduler tells a room about its render; the room adds model name and demo flag for the wire. */
export type RenderProgress =
  | { state: 'idle' }
  | { state: 'queued'; position: number }
  | { state: 'generating' }
  | { state: 'error'; message: string }
  /** The input was not rendered (the word list holds it); `message` says why, for people. */
  | { state: 'held'; message: string };

/** A room as the scheduler sees it. The scheduler knows nothing about documents or sockets. */
export interface RenderClient {
  readonly id: string;
  /** The newest prompt and params. Called when a generation starts, so it always renders the latest state. */
  renderInput(): RenderInput;
  onProgress(progress: RenderProgress): void;
  /** A generation finished. Frames of one room arrive in the order their generations started. */
  onFrame(job: RenderJob, result: GenerateResult): void;
  /** A generation failed; the room stays scheduled and renders again on its next change. */
  onRenderError(job: RenderJob, error: Error): void;
}

/** Whether two inputs render the same image. */
export function sameRenderInput(a: RenderInput, b: RenderInput): boolean {
  return a.prompt === b.prompt && sameParams(a.params, b.params) && a.canvas?.digest === b.canvas?.digest && a.canvasIgnored === b.canvasIgnored;
}
