import { createRng } from '../../random/rng.js';
import { fromRows, identity, matmul, matrix, transpose, type Matrix } from '../matrix.js';
import type { ThinSvdResult } from '../svd.js';

/** max |aᵢ − bᵢ| over the entries. */
export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

/** max |aᵢ| over the entries. */
export const maxAbs = (a: ArrayLike<number>): number => maxAbsDiff(a, new Float64Array(a.length));

/** A rows×cols matrix of standard normal entries from `seed`. */
export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return matrix(
    rows,
    cols,
    Float64Array.from({ length: rows * cols }, () => rng.normal()),
  );
}

/** The Householder reflector I − 2wwᵀ/wᵀw (orthogonal and symmetric, up to the rounding of its entries). */
export function reflector(w: number[]): Matrix {
  const ww = w.reduce((t, x) => t + x * x, 0);
  return fromRows(w.map((wi, i) => w.map((wj, j) => (i === j ? 1 : 0) - (2 * wi * wj) / ww)));
}

/** U·diag(s)·Vᵀ. */
export function reconstruct({ u, s, v }: ThinSvdResult): Matrix {
  const us = matrix(
    u.rows,
    u.cols,
    u.data.map((x, i) => x * s[i % u.cols]),
  );
  return matmul(us, transpose(v));
}

/**
 * How far `svd` is from a thin SVD of `a`: `worst` is the largest of ‖A − U·diag(s)·Vᵀ‖ relative to max|A|, ‖UᵀU − I‖
 * and ‖VᵀV − I‖ (max-abs norms); `shapesMatch` that U is N×r, V is J×r and s has r entries (r = min(N, J));
 * `sortedNonNegative` that s is descending and ≥ 0.
 */
export function svdDefects(a: Matrix, svd: ThinSvdResult): { worst: number; shapesMatch: boolean; sortedNonNegative: boolean } {
  const r = Math.min(a.rows, a.cols);
  const shapes = [svd.u.rows, svd.u.cols, svd.v.rows, svd.v.cols, svd.s.length];
  const expected = [a.rows, r, a.cols, r, r];
  let sortedNonNegative = true;
  for (let i = 0; i < svd.s.length; i++) if (!(svd.s[i] >= 0) || (i > 0 && svd.s[i] > svd.s[i - 1])) sortedNonNegative = false;
  return {
    worst: Math.max(
      maxAbsDiff(reconstruct(svd).data, a.data) / Math.max(maxAbs(a.data), Number.MIN_VALUE),
      maxAbsDiff(matmul(transpose(svd.u), svd.u).data, identity(r).data),
      maxAbsDiff(matmul(transpose(svd.v), svd.v).data, identity(r).data),
    ),
    shapesMatch: shapes.every((x, i) => x === expected[i]),
    sortedNonNegative,
  };
}
