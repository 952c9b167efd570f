import { createRng, thinSvd } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { gramMatrix, leadingVectors, rightSingularSystem } from './gram-svd.js';

const randomMatrix = (n: number, c: number, seed: number): Float64Array => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n * c }, () => rng.normal());
};

describe('gramMatrix', () => {
  it('equals the naive YᵀY, across block boundaries and for widths not divisible by 4', () => {
    const n = 130;
    const c = 7;
    const y = randomMatrix(n, c, 1);
    const g = gramMatrix(y, n, c);
    for (let a = 0; a < c; a++)
      for (let b = 0; b < c; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += y[i * c + a] * y[i * c + b];
        // Summation order differs from the naive loop: agreement to a few ulps of the entry's magnitude (≈ n).
        expect(g[a * c + b]).toBeCloseTo(s, 10);
      }
  });
});

describe('rightSingularSystem', () => {
  it('matches core thinSvd singular values and right singular vectors (up to sign) on a well-conditioned matrix', () => {
    const n = 400;
    const c = 9;
    const y = randomMatrix(n, c, 2);
    const { singularValues, vectors } = rightSingularSystem(y, n, c);
    const ref = thinSvd({ rows: n, cols: c, data: y });
    // The Gram route loses accuracy only below √ε·σ₁; here σ_c/σ₁ ≈ 0.7, so agreement is near machine precision.
    for (let i = 0; i < c; i++) expect(Math.abs(singularValues[i] - ref.s[i]) / ref.s[0]).toBeLessThan(1e-12);
    const v = leadingVectors(vectors, 3);
    for (let t = 0; t < 3; t++) {
      let d = 0;
      for (let a = 0; a < c; a++) d += v.data[a * 3 + t] * ref.v.data[a * ref.v.cols + t];
      expect(Math.abs(d)).toBeCloseTo(1, 9);
    }
  });
});
