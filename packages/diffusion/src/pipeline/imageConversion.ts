/**
 * Conversions between the VAE's planar float images in [-1, 1] and interleaved RGB bytes.
 */

/**
 * VAE decoder output [1, 3, H, W] (about [-1, 1]) -> interleaved RGB bytes, as diffusers'
 * `(x / 2 + 0.5).clamp(0, 1) * 255` then round.
 */
export function latentImageToRgb(planar: Float32Array, width: number, height: number): Uint8Array {
  const plane = width * height;
  // Uint8ClampedArray clamps to [0, 255] and rounds (ties to even; NaN -> 0) on store, without branches.
  const rgb = new Uint8ClampedArray(plane * 3);
  for (let c = 0; c < 3; c++) {
    const offset = c * plane;
    for (let i = 0, j = c; i < plane; i++, j += 3) rgb[j] = planar[offset + i]! * 127.5 + 127.5;
  }
  return new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength);
}

/** Interleaved RGB bytes -> planar [1, 3, H, W] floats in [-1, 1] for the VAE encoder (img2img). */
export function rgbToPlanarImage(rgb: Uint8Array, width: number, height: number): Float32Array {
  const plane = width * height;
  const planar = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) planar[c * plane + i] = rgb[i * 3 + c]! / 127.5 - 1;
  }
  return planar;
}
