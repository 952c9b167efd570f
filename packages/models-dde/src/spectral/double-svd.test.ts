import { describe, expect, it } from 'vitest';
import { centreColumns, doubleSvdTransform, lowRankReconstruction, reconstructionRank } from './double-svd.js';
import { clippedLogit } from './inverse-link.js';

/** Y = σ₁·u₁v₁ᵀ + σ₂·u₂v₂ᵀ with orthonormal u (columns of a 4×4 Hadamard/2) and v (3-vectors): its exact SVD. */
function twoTerm(s1: number, s2: number): Float64Array {
  const u1 = [0.5, 0.5, 0.5, 0.5];
  const u2 = [0.5, -0.5, 0.5, -0.5];
  const v1 = [1 / Math.sqrt(2), 1 / Math.sqrt(2), 0];
  const v2 = [0, 0, 1];
  return Float64Array.from({ length: 12 }, (_, k) => {
    const i = Math.floor(k / 3);
    const j = k % 3;
    return s1 * u1[i] * v1[j] + s2 * u2[i] * v2[j];
  });
}

describe('rank-m reconstruction', () => {
  it('keeps the singular triplets above 1.01·√N and at least minRank of them', () => {
    // N = 4, so the floor is 1.01·2 = 2.02: σ = (10, 1) keeps one term, σ = (10, 3) keeps both.
    const small = lowRankReconstruction(twoTerm(10, 1), 4, 3, 1);
    expect(small.rank).toBe(1);
    const rankOne = twoTerm(10, 0);
    small.values.forEach((x, k) => expect(x).toBeCloseTo(rankOne[k], 10));
    expect(lowRankReconstruction(twoTerm(10, 3), 4, 3, 1).rank).toBe(2);
    expect(lowRankReconstruction(twoTerm(10, 1), 4, 3, 2).rank).toBe(2);
    expect(Array.from(lowRankReconstruction(twoTerm(10, 1), 4, 3, 2).singularValues).map((s) => +s.toFixed(10))).toEqual([10, 1, 0]);
  });
  it('caps the rank at the number of singular values', () => {
    expect(reconstructionRank(Float64Array.from([50, 40]), 4, 5)).toBe(2);
  });
});

describe('doubleSvdTransform', () => {
  it('gives the centred raw matrix for a layer of Normal columns (no SVD, no clipping)', () => {
    const values = Float64Array.from([1, 10, 3, 20, 5, 60]);
    const { z, means } = doubleSvdTransform({ values, nRows: 3, links: ['identity', 'identity'] }, 2, 1e-4);
    expect(Array.from(means)).toEqual([3, 30]);
    expect(Array.from(z)).toEqual([-2, -20, 0, -10, 2, 30]);
  });
  it('maps a full-rank binary layer to the centred clipped logit of itself, and keeps Normal columns raw in a mixed layer', () => {
    const eps = 1e-3;
    // Columns 0–1 Bernoulli, column 2 Normal; the whole 4 × 3 matrix is reconstructed at rank 3 = full rank (exactly).
    const values = Float64Array.from([1, 0, 5, 0, 1, -1, 1, 1, 2, 0, 0, 7]);
    const { z, means } = doubleSvdTransform({ values, nRows: 4, links: ['logit', 'logit', 'identity'] }, 3, eps);
    const hi = clippedLogit(1, eps);
    expect(means[0]).toBeCloseTo(0, 10);
    expect(means[2]).toBeCloseTo(13 / 4, 12);
    const expected = [hi, -hi, 5 - 13 / 4, -hi, hi, -1 - 13 / 4, hi, hi, 2 - 13 / 4, -hi, -hi, 7 - 13 / 4];
    z.forEach((x, k) => expect(x).toBeCloseTo(expected[k], 8));
  });
  it('centreColumns returns the means it removed', () => {
    const y = Float64Array.from([1, 2, 3, 6]);
    expect(Array.from(centreColumns(y, 2, 2))).toEqual([2, 4]);
    expect(Array.from(y)).toEqual([-1, -2, 1, 2]);
  });
});
