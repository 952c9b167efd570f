import { createRng, matrix, symmetricEigen } from '@latentkit/core';
import { describe, expect, it } from 'vitest';
import { principalPlane } from './principal-plane.js';

/** n rows of d correlated columns: x = A z with z ~ N(0, I) and a fixed mixing matrix A. */
function correlated(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = Float64Array.from({ length: d * d }, () => rng.normal());
  const out = new Float64Array(n * d);
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    rng.fillNormal(z);
    for (let r = 0; r < d; r++) {
      let s = 3 * r;
      for (let c = 0; c < d; c++) s += a[r * d + c] * z[c] * (c + 1);
      out[i * d + r] = s;
    }
  }
  return out;
}

describe('principalPlane', () => {
  it('matches the top two eigenvectors of the covariance (up to sign)', () => {
    const n = 300;
    const d = 6;
    const x = correlated(n, d, 1);
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
    const cov = new Float64Array(d * d);
    for (let i = 0; i < n; i++)
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] += ((x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b])) / n;
    const eig = symmetricEigen(matrix(d, d, cov));
    const plane = principalPlane(x, n, d);
    let trace = 0;
    for (let j = 0; j < d; j++) trace += cov[j * d + j];
    for (let k = 0; k < 2; k++) {
      const v = Array.from({ length: d }, (_, r) => eig.vectors.data[r * d + k]);
      const cos = Math.abs(v.reduce((s, vr, r) => s + vr * plane.axes[k][r], 0));
      // Both are unit vectors of float64 computations converged to 1e-13 in squared norm: |cos| = 1 to ~1e-6.
      expect(cos).toBeGreaterThan(1 - 1e-6);
      expect(plane.explained[k]).toBeCloseTo(eig.values[k] / trace, 8);
    }
  });

  it('projects the centred rows on the axes', () => {
    const x = correlated(50, 3, 2);
    const plane = principalPlane(x, 50, 3);
    const mean = [0, 1, 2].map((j) => Array.from({ length: 50 }, (_, i) => x[i * 3 + j]).reduce((a, b) => a + b) / 50);
    const i = 17;
    const expected = plane.axes[1].reduce((s, a, j) => s + a * (x[i * 3 + j] - mean[j]), 0);
    expect(plane.coords[i * 2 + 1]).toBeCloseTo(expected, 10);
  });

  it('standardises columns on request, so a rescaled column does not dominate', () => {
    const n = 200;
    const x = correlated(n, 3, 3);
    const scaled = Float64Array.from(x, (v, q) => (q % 3 === 0 ? v * 1000 : v));
    const a = principalPlane(x, n, 3, { standardise: true });
    const b = principalPlane(scaled, n, 3, { standardise: true });
    expect(b.explained[0]).toBeCloseTo(a.explained[0], 9);
    expect(principalPlane(scaled, n, 3).explained[0]).toBeGreaterThan(0.999);
  });

  it('handles a single column and signs axes deterministically', () => {
    const plane = principalPlane(Float64Array.from([1, 2, 3, 4]), 4, 1);
    expect(Array.from(plane.coords)).toEqual([-1.5, 0, -0.5, 0, 0.5, 0, 1.5, 0]);
    expect(plane.explained).toEqual([1, 0]);
  });
});
