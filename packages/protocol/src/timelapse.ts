/**
 * The jam as a timelapse (docs/PROTOCOL.md, HTTP endpoints): the server keeps small thumbnails of a room's refined
 * frames and serves them as one animated image, with what each frame was made from beside it as JSON.
 *
 *   GET /rooms/<id>/timelapse.webp   animated WebP
 *   GET /rooms/<id>/timelapse.gif    animated GIF
 *   GET /rooms/<id>/timelapse.json   {@link TimelapseManifest}
 *
 * A private room's history is read with any of its tokens (`?token=` or `Authorization: Bearer`), like joining it.
 */
import type { GenerationParams } from './params.js';

/** The formats a timelapse is served in; also the path's extension. */
export const TIMELAPSE_FORMATS = ['webp', 'gif', 'json'] as const;
/** One of {@link TIMELAPSE_FORMATS}. */
export type TimelapseFormat = (typeof TIMELAPSE_FORMATS)[number];

/** How long each frame shows in the animated timelapse, ms (10 frames a second: a 10-minute jam plays in a minute). */
export const TIMELAPSE_FRAME_DELAY_MS = 100;

/** One frame of the history, oldest first in {@link TimelapseManifest.frames}. */
export interface TimelapseFrameInfo {
  /** The frame's seq in its room (increases with every frame the room renders). */
  seq: number;
  /** When the frame was shown, server epoch ms. */
  at: number;
  /** The exact prompt the frame was rendered from. */
  prompt: string;
  /** The room's parameters for the frame (seed, steps, size, strength). */
  params: GenerationParams;
  /** The model's display name. */
  model: string;
  /** Digest of the sketch or starting image when the frame was rendered img2img from one. */
  canvas?: string;
  /** The thumbnail's size in pixels and bytes (what the animation is made of). */
  width: number;
  height: number;
  bytes: number;
}

/** The body of `GET /rooms/<id>/timelapse.json`. */
export interface TimelapseManifest {
  room: string;
  /** The frames the animated image shows, oldest first: page `i` of the image is `frames[i]`. */
  frames: TimelapseFrameInfo[];
  /** How many frames and thumbnail bytes the server keeps per room at most (oldest dropped first). */
  limits: { frames: number; bytes: number };
  /** Display time of each frame in the animated image, ms. */
  frameDelayMs: number;
}

/** The path of a room's timelapse in `format` (the room id as the server spells it). */
export function timelapsePath(roomId: string, format: TimelapseFormat): string {
  return `/rooms/${encodeURIComponent(roomId)}/timelapse.${format}`;
}
