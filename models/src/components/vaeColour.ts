/**
 * The tiny VAE's colour map: rgb = tanh(COLOUR_MATRIX * x0 + COLOUR_BIAS), where x0 is the scaled latent
 * (what the scheduler works in; the decoder undoes the engine's division by scaling_factor). Hand-picked rather
 * than random so that every latent direction is a pleasant hue: channel 0 is brightness, 1 warm/cool,
 * 2 magenta/green, 3 a softer mix of the three.
 */
export const COLOUR_MATRIX: readonly (readonly [number, number, number, number])[] = [
  [0.45, 0.55, 0.25, 0.2],
  [0.45, 0.05, -0.45, 0.15],
  [0.45, -0.5, 0.2, -0.25],
];

/** Mid-grey-blue offset of the colour map (pre-tanh). */
export const COLOUR_BIAS: readonly [number, number, number] = [0.05, 0.0, 0.1];

/** Pseudo-inverse (4x3) of COLOUR_MATRIX: M^T (M M^T)^-1, used by the VAE encoder to go from colour back to x0. */
export function colourPseudoInverse(): number[][] {
  const m = COLOUR_MATRIX;
  const gram = m.map((row) => m.map((other) => row.reduce((sum, value, k) => sum + value * (other[k] ?? 0), 0)));
  const inverse = invert3x3(gram);
  return [0, 1, 2, 3].map((k) =>
    [0, 1, 2].map((j) => [0, 1, 2].reduce((sum, i) => sum + (m[i]?.[k] ?? 0) * (inverse[i]?.[j] ?? 0), 0)),
  );
}

function invert3x3(a: number[][]): number[][] {
  const at = (r: number, c: number): number => a[r]?.[c] ?? 0;
  const cofactor = (r: number, c: number): number => {
    const rows = [0, 1, 2].filter((i) => i !== r);
    const cols = [0, 1, 2].filter((j) => j !== c);
    const [r0, r1] = rows as [number, number];
    const [c0, c1] = cols as [number, number];
    return ((r + c) % 2 === 0 ? 1 : -1) * (at(r0, c0) * at(r1, c1) - at(r0, c1) * at(r1, c0));
  };
  const det = [0, 1, 2].reduce((sum, c) => sum + at(0, c) * cofactor(0, c), 0);
  if (Math.abs(det) < 1e-9) throw new Error('colour matrix is singular');
  return [0, 1, 2].map((r) => [0, 1, 2].map((c) => cofactor(c, r) / det));
}
