import { describe, expect, it } from 'vitest';
import { SeededRandom } from './SeededRandom.js';

describe('SeededRandom', () => {
  // Reference values from an independent Python transcription of splitmix32 + xoshiro128**.
  it('reproduces the xoshiro128** stream for seed 42', () => {
    const random = new SeededRandom(42);
    expect([random.nextUint32(), random.nextUint32(), random.nextUint32(), random.nextUint32()]).toEqual([
      2837322924, 544945897, 479756282, 3500138142,
    ]);
    const zero = new SeededRandom(0);
    expect([zero.nextUint32(), zero.nextUint32()]).toEqual([3809008728, 1133695204]);
  });

  it('produces Box-Muller normals in pairs', () => {
    const values = new SeededRandom(7).fillNormal(new Float64Array(4) as unknown as Float32Array);
    const expected = [-0.7277058970148659, -0.05604081564162932, 0.5095171573869229, 0.9654652678098992];
    expected.forEach((v, i) => expect(values[i]).toBeCloseTo(v, 12));
  });

  it('has roughly zero mean and unit variance', () => {
    const values = new SeededRandom(3).fillNormal(new Float32Array(100_001));
    let mean = 0;
    for (const v of values) mean += v / values.length;
    let variance = 0;
    for (const v of values) variance += (v - mean) ** 2 / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });
});
