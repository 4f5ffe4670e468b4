/**
 * Deterministic noise for the denoiser: xoshiro128** (Blackman & Vigna) seeded from a uint32 through
 * splitmix32, and standard normals by the Box-Muller transform. Pure 32-bit integer maths (Math.imul),
 * so the same seed gives bit-identical floats on every platform and Node version.
 *
 * Normals come in pairs: Box-Muller turns two uniforms u1 in (0, 1] and u2 in [0, 1) into
 * r*cos(2*pi*u2) and r*sin(2*pi*u2) with r = sqrt(-2 ln u1); both are used, in that order.
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed any integer; only its low 32 bits are used. */
  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix32 = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix32();
    this.s1 = splitmix32();
    this.s2 = splitmix32();
    this.s3 = splitmix32();
  }

  /** Next uint32 of the xoshiro128** stream. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3 >>> 0, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Fills `out` with standard normal samples (mean 0, variance 1) and returns it. */
  fillNormal(out: Float32Array): Float32Array {
    const TWO_PI = 2 * Math.PI;
    for (let i = 0; i < out.length; i += 2) {
      const u1 = 1 - this.nextFloat(); // (0, 1]: log stays finite
      const u2 = this.nextFloat();
      const r = Math.sqrt(-2 * Math.log(u1));
      out[i] = r * Math.cos(TWO_PI * u2);
      if (i + 1 < out.length) out[i + 1] = r * Math.sin(TWO_PI * u2);
    }
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
