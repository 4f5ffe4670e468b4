/**
 * A small deterministic pseudo-random source (mulberry32 core) for the tiny models' weights. The same seed gives
 * the same weights on every machine, which is what makes `pnpm build` write byte-identical demo models.
 */
export class SeededRandom {
  #state: number;
  #spareNormal: number | undefined;

  /** @param seed - any 32-bit integer; equal seeds give equal streams */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A uniform number in [0, 1). */
  uniform(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A standard normal sample (Box-Muller, the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.#spareNormal !== undefined) {
      const spare = this.#spareNormal;
      this.#spareNormal = undefined;
      return spare;
    }
    const u = 1 - this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** `count` normal samples times `scale` (e.g. 1/sqrt(fan_in) for a weight matrix). */
  normals(count: number, scale = 1): Float32Array {
    const out = new Float32Array(count);
    for (let index = 0; index < count; index++) out[index] = this.normal() * scale;
    return out;
  }

  /** `count` uniform samples in [low, high). */
  uniforms(count: number, low: number, high: number): Float32Array {
    const out = new Float32Array(count);
    for (let index = 0; index < count; index++) out[index] = low + (high - low) * this.uniform();
    return out;
  }

  /** A child stream for one named component, so adding weights to one graph never shifts another's. */
  fork(label: string): SeededRandom {
    let hash = this.#state ^ 0x9e3779b9;
    for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    return new SeededRandom(hash);
  }
}
